// Outbound webhooks, end to end in Chromium: the administrator opens
// Gerenciar → Integrações, is told a private address (10.0.0.5) is refused
// beside the URL field, adds an endpoint pointing at a receiver this spec
// runs on 127.0.0.1 (the e2e server allows loopback through
// ATENDE_OUTBOUND_ALLOWED_NETWORKS), sees its signing secret once, sends a
// test and sees it in the delivery log as "Entregue" with the receiver's
// 200 and what was sent. The receiver got one signed `webhook.test`. The
// page fits at 1366×850 and on a 390×844 phone with an attempt open.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import { apiLogin, bearer, DEMO_ADMIN, DEMO_PASSWORD, TokenPair, uniqueSuffix, useSession } from './support';

const DESKTOP = { width: 1366, height: 850 };
const PHONE = { width: 390, height: 844 };
const NAME = `ERP financeiro ${uniqueSuffix()}`;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let api: APIRequestContext;
let admin: TokenPair;
let receiver: http.Server;
let receiverUrl = '';
const received: Received[] = [];

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  admin = await apiLogin(api, DEMO_ADMIN, DEMO_PASSWORD);
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('recebido');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/atende`;
});

test.afterAll(async () => {
  // No endpoint is left to hear the later specs' events.
  const listed = await api.get('/api/v1/webhooks', { headers: bearer(admin) });
  for (const endpoint of (await listed.json()) as { id: string; name: string }[]) {
    if (endpoint.name === NAME) {
      await api.delete(`/api/v1/webhooks/${endpoint.id}`, { headers: bearer(admin) });
    }
  }
  await api.dispose();
  await new Promise((resolve) => receiver.close(resolve));
});

async function pageAs(browser: Browser, session: TokenPair): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP });
  await useSession(context, session);
  return context.newPage();
}

/** What sticks out sideways in the main content (see first-day.spec.ts). */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const html = document.documentElement;
    if (html.scrollWidth > html.clientWidth + 1) problems.push(`page: ${html.scrollWidth} > ${html.clientWidth}`);
    const main = document.querySelector('main');
    if (!main) return ['no main content'];
    const right = main.getBoundingClientRect().right;
    for (const element of Array.from(main.querySelectorAll<HTMLElement>('.table-wrap, table, .card, pre'))) {
      if (element.closest('.visually-hidden')) continue;
      const name = `${element.tagName.toLowerCase()}.${element.className}${element.dataset.testid ? `[${element.dataset.testid}]` : ''}`;
      // A body may scroll inside its own box; nothing else may.
      if (element.tagName !== 'PRE' && element.scrollWidth > element.clientWidth + 1) {
        problems.push(`${name} scrolls: ${element.scrollWidth} > ${element.clientWidth}`);
      }
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 1) problems.push(`${name} sticks out: ${Math.round(box.right)} > ${Math.round(right)}`);
    }
    return problems;
  });
}

test('an administrator adds a webhook, keeps its secret once, and sees a signed test delivered', async ({ browser }) => {
  const page = await pageAs(browser, admin);
  await page.goto('/');
  await page.getByTestId('nav-integrations').click();
  await expect(page).toHaveURL(/\/gerenciar\/integracoes$/);
  await expect(page.getByTestId('page-title')).toHaveText('Integrações');

  // A private address is refused, the reason beside the URL field.
  await page.getByTestId('webhook-create-open').click();
  const form = page.getByTestId('webhook-form');
  await form.getByTestId('webhook-name-input').fill(NAME);
  await form.getByTestId('webhook-url-input').fill('http://10.0.0.5/x');
  await form.getByLabel('Chamado criado').check();
  await form.getByLabel('Resposta pública').check();
  await form.getByTestId('webhook-submit').click();
  const urlError = form.locator('#webhook-url-erro');
  await expect(urlError).toContainText('10.0.0.5');
  await expect(urlError).toContainText('rede interna');
  await expect(form.getByTestId('webhook-url-input')).toHaveAttribute('aria-invalid', 'true');

  // The receiver's address is accepted: the secret, once.
  await form.getByTestId('webhook-url-input').fill(receiverUrl);
  await form.getByTestId('webhook-submit').click();
  await expect(form).toHaveCount(0);
  const revealed = page.getByTestId('webhook-secret-card');
  await expect(revealed.getByTestId('webhook-secret-warning')).toHaveText(
    'Guarde este segredo: ele não será mostrado de novo.',
  );
  const secret = ((await revealed.getByTestId('webhook-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);

  const row = page.locator(`[data-testid="webhook-row"][data-name="${NAME}"]`);
  await expect(row.getByTestId('webhook-url')).toHaveText(receiverUrl);
  await expect(row.getByTestId('webhook-events')).toHaveText('Chamado criado, Resposta pública');
  await expect(row.getByTestId('webhook-level')).toHaveText('Pública');
  await expect(row.getByTestId('webhook-status')).toHaveText('Ligado');
  await expect(row.getByTestId('webhook-failures')).toHaveText('0');

  // The new endpoint's log is open: a test goes out and arrives.
  const panel = page.getByTestId('webhook-panel');
  await expect(panel.getByTestId('webhook-deliveries-empty')).toBeVisible();
  await panel.getByTestId('webhook-test').click();
  const delivery = panel.locator('[data-testid="webhook-delivery"][data-type="webhook.test"]');
  await expect(delivery.getByTestId('webhook-delivery-event')).toHaveText('Mensagem de teste');
  await expect(delivery.getByTestId('webhook-delivery-status')).toHaveText('Entregue');
  await expect(delivery.getByTestId('webhook-delivery-last-status')).toHaveText('200');
  await expect(delivery.getByTestId('webhook-delivery-attempts')).toHaveText('1');
  await expect(delivery.getByTestId('webhook-delivery-created')).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  await delivery.getByTestId('webhook-delivery-toggle').click();
  const attempt = panel.getByTestId('webhook-delivery-details').getByTestId('webhook-attempt');
  await expect(attempt.getByTestId('webhook-attempt-status')).toHaveText('200');
  await expect(attempt.getByTestId('webhook-attempt-headers')).toContainText('webhook-signature: v1,');
  await expect(attempt.getByTestId('webhook-attempt-body')).toContainText('"type": "webhook.test"');
  await expect(attempt.getByTestId('webhook-attempt-response')).toHaveText('recebido');

  // The receiver got exactly that, signed.
  expect(received).toHaveLength(1);
  expect(String(received[0].headers['webhook-signature'])).toMatch(/^v1,/);
  expect(received[0].headers['webhook-id']).toBeTruthy();
  expect(JSON.parse(received[0].body).type).toBe('webhook.test');

  // The page fits, with an attempt open, on a desktop and on a phone.
  expect(await overflows(page), 'at 1366x850').toEqual([]);
  await page.setViewportSize(PHONE);
  expect(await overflows(page), 'at 390x844').toEqual([]);

  // Once saved, the secret is never shown again.
  await revealed.getByTestId('webhook-secret-close').click();
  await expect(revealed).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByTestId('webhook-secret-card')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.context().close();
});
