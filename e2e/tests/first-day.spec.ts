// The first day with Atende (issue 13), as each of the five demo roles
// would live it: the home page of each role at 1366×850 and on a 390×844
// phone (screenshots kept as artifacts in test-results/), the main lists
// fitting their space at both sizes (only the Kanban may scroll sideways,
// inside itself), the loader on a slow connection, the forgotten-password
// flow's uniform answer, and managing ticket categories.
import { APIRequestContext, Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { apiLogin, bearer, DEMO_ADMIN, DEMO_PASSWORD, TokenPair, uniqueSuffix, useSession } from './support';

const DESKTOP = { width: 1366, height: 850 };
const PHONE = { width: 390, height: 844 };

interface Role {
  key: string;
  email: string;
  /** The home page's `data-testid`. */
  home: string;
  /** What this role's home page shows. */
  shows: string[];
  /** What it must not show. */
  hides: string[];
}

const ROLES: Role[] = [
  {
    key: 'admin',
    email: DEMO_ADMIN,
    home: 'home-admin',
    shows: ['setup-checklist', 'home-kpi-backlog', 'home-kpi-at-risk', 'home-kpi-approvals', 'home-operators-load'],
    hides: ['home-kpi-my-queue', 'home-latest-tickets'],
  },
  {
    key: 'supervisor',
    email: 'supervisor@atende.demo',
    home: 'home-supervisor',
    shows: ['home-kpi-backlog', 'home-kpi-at-risk', 'home-kpi-breached', 'home-kpi-approvals', 'home-operators-load', 'home-approvals'],
    hides: ['setup-checklist', 'home-kpi-my-queue'],
  },
  {
    key: 'agent',
    email: 'agente@atende.demo',
    home: 'home-agent',
    shows: ['home-kpi-my-queue', 'home-kpi-due-soon', 'home-my-queue', 'home-due-soon', 'home-notifications', 'home-pending-to-process'],
    hides: ['setup-checklist', 'home-kpi-backlog', 'home-operators-load'],
  },
  {
    key: 'client_supervisor',
    email: 'cliente.supervisor@atende.demo',
    home: 'home-client',
    shows: ['home-kpi-open', 'home-kpi-finished', 'home-kpi-within-sla', 'home-kpi-outside-sla', 'home-latest-tickets', 'home-waiting-pending', 'home-new-ticket'],
    hides: ['setup-checklist', 'home-kpi-backlog', 'home-operators-load', 'home-kpi-my-queue'],
  },
  {
    key: 'client',
    email: 'cliente@atende.demo',
    home: 'home-client',
    shows: ['home-kpi-open', 'home-kpi-finished', 'home-kpi-within-sla', 'home-kpi-outside-sla', 'home-latest-tickets', 'home-waiting-pending', 'home-new-ticket'],
    hides: ['setup-checklist', 'home-kpi-backlog', 'home-operators-load', 'home-kpi-my-queue'],
  },
];

/** The main lists, and what shows once each has loaded. */
const LISTS: { path: string; ready: string[] }[] = [
  { path: '/chamados', ready: ['tickets-table', 'tickets-empty'] },
  { path: '/atendimento', ready: ['board'] },
  { path: '/atendimento/lista', ready: ['workspace-table', 'workspace-empty'] },
  { path: '/pendencias', ready: ['pending-table', 'pending-empty'] },
  { path: '/gerenciar/auditoria', ready: ['audit-table', 'audit-empty'] },
  { path: '/gerenciar/integracoes', ready: ['webhooks-table', 'webhooks-empty'] },
];

/** Long words and long titles, so the lists have something to squeeze. */
const SUBJECT = 'Conciliação bancária extraordinária do exercício anterior — departamento financeiro';
const PENDING_TITLE = 'Comprovantes de recolhimento previdenciário complementar';

let api: APIRequestContext;
const sessions = new Map<string, TokenPair>();
let clientTicketNumber = 0;
let waitingNumber = 0;

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  for (const role of ROLES) sessions.set(role.key, await apiLogin(api, role.email, DEMO_PASSWORD));
  const admin = sessions.get('admin')!;
  const client = sessions.get('client')!;
  const suffix = uniqueSuffix();

  // The client opens a ticket (their only company is implied).
  const ticket = await api.post('/api/v1/tickets', {
    headers: bearer(client),
    data: { subject: `${SUBJECT} ${suffix}`, description: 'Extrato anexo na próxima mensagem.' },
  });
  expect(ticket.status(), await ticket.text()).toBe(201);
  const opened = await ticket.json();
  clientTicketNumber = opened.number;

  // A pending item for the client's company, approved: it waits on them.
  const raised = await api.post('/api/v1/pending-items', {
    headers: bearer(admin),
    data: {
      title: `${PENDING_TITLE} ${suffix}`,
      description: 'Enviar os comprovantes do trimestre.',
      company_id: opened.company_id,
      due_date: '2099-12-31',
      amount_cents: 1234567,
      submit: true,
    },
  });
  expect(raised.status(), await raised.text()).toBe(201);
  const item = await raised.json();
  const approved = await api.post(`/api/v1/pending-items/${item.id}/steps`, {
    headers: bearer(admin),
    data: { action: 'approve' },
  });
  expect(approved.status(), await approved.text()).toBe(200);
  waitingNumber = item.number;
});

test.afterAll(async () => {
  await api.dispose();
});

async function pageAs(browser: Browser, session: TokenPair, size = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport: size });
  await useSession(context, session);
  return context.newPage();
}

/** A full-page screenshot, kept in test-results/ and attached to the report. */
async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * What sticks out sideways in the main content: the page itself, the main
 * area, and every table, list, board and form in it (the Kanban may scroll
 * inside itself unless `boardMustFit`).
 */
async function overflows(page: Page, boardMustFit: boolean): Promise<string[]> {
  return page.evaluate((boardMustFit) => {
    const problems: string[] = [];
    const html = document.documentElement;
    if (html.scrollWidth > html.clientWidth + 1) {
      problems.push(`page: ${html.scrollWidth} > ${html.clientWidth}`);
    }
    const main = document.querySelector('main');
    if (!main) return ['no main content'];
    if (main.scrollWidth > main.clientWidth + 1) {
      problems.push(`main: ${main.scrollWidth} > ${main.clientWidth}`);
    }
    const right = main.getBoundingClientRect().right;
    const selector = '.table-wrap, table, ul, ol, .board, .kpis, .filters, .toolbar, .card, .bulk-bar';
    for (const element of Array.from(main.querySelectorAll<HTMLElement>(selector))) {
      const isBoard = element.classList.contains('board');
      // The board's own contents move with its scroller.
      if (!isBoard && element.closest('.board')) continue;
      if (element.closest('.visually-hidden')) continue;
      const name = `${element.tagName.toLowerCase()}.${element.className || '(no class)'}${element.dataset.testid ? `[${element.dataset.testid}]` : ''}`;
      const scrolls = element.scrollWidth > element.clientWidth + 1;
      if (scrolls && (!isBoard || boardMustFit)) {
        problems.push(`${name} scrolls: ${element.scrollWidth} > ${element.clientWidth}`);
      }
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 1) {
        problems.push(`${name} sticks out: right ${Math.round(box.right)} > ${Math.round(right)}`);
      }
    }
    return problems;
  }, boardMustFit);
}

async function waitForList(page: Page, ready: string[]): Promise<void> {
  const shown = ready.map((id) => page.getByTestId(id));
  let any = shown[0];
  for (const other of shown.slice(1)) any = any.or(other);
  await expect(any.first()).toBeVisible();
  // Nothing is still loading.
  await expect(page.locator('main .loading')).toHaveCount(0);
}

for (const role of ROLES) {
  test(`the ${role.key}'s home page at 1366×850 and on a phone`, async ({ browser }, testInfo) => {
    const session = sessions.get(role.key)!;
    const page = await pageAs(browser, session, DESKTOP);
    for (const [size, label] of [
      [DESKTOP, '1366x850'],
      [PHONE, '390x844'],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto('/');
      const home = page.getByTestId(role.home);
      await expect(home).toBeVisible();
      await expect(page.getByTestId('page-title')).toHaveText(/^Olá, \S+$/);
      for (const id of role.shows) await expect(page.getByTestId(id), id).toBeVisible();
      for (const id of role.hides) await expect(page.getByTestId(id), id).toHaveCount(0);
      // The figures arrived (a number, not the "…" of loading).
      await expect(home.locator('.kpi__value').first()).toHaveText(/^\d+$|^—$/);
      await expect(page.locator('main .loading')).toHaveCount(0);
      expect(await overflows(page, true), `home at ${label}`).toEqual([]);
      await keepScreenshot(page, testInfo, `home-${role.key}-${label}`);
    }
    await page.context().close();
  });
}

test('the client panel lists the new ticket and the pending item waiting on them', async ({ browser }) => {
  const page = await pageAs(browser, sessions.get('client')!, PHONE);
  await page.goto('/');
  await expect(
    page.getByTestId('home-latest-tickets').locator(`[data-testid="home-ticket"][data-number="${clientTicketNumber}"]`),
  ).toContainText(SUBJECT);
  const waiting = page.getByTestId('home-waiting-pending').getByTestId('home-pending-item').filter({
    hasText: `PEN-${String(waitingNumber).padStart(6, '0')}`,
  });
  await expect(waiting).toContainText('Aguardando cliente');
  await expect(waiting).toContainText('vence 31/12/2099');
  await expect(waiting).toContainText('R$ 12.345,67');
  await expect(page.getByTestId('home-kpi-open-value')).toHaveText(/^[1-9]\d*$/);
  // "Novo chamado" leads to the form.
  await page.getByTestId('home-new-ticket').click();
  await expect(page).toHaveURL(/\/chamados\/novo$/);
  // The ticket by its number, as people quote it.
  await page.goto(`/chamados/${clientTicketNumber}`);
  await expect(page.getByTestId('page-title')).toContainText(SUBJECT);
  await page.context().close();
});

test("the supervisor's figures lead to the filtered lists", async ({ browser }) => {
  const page = await pageAs(browser, sessions.get('supervisor')!);
  await page.goto('/');
  await page.getByTestId('home-kpi-at-risk').click();
  await expect(page).toHaveURL(/\/atendimento\/lista\?sla=at_risk&open=true$/);
  await expect(page.getByTestId('filter-sla-at_risk')).toBeChecked();
  await page.goto('/');
  await page.getByTestId('home-kpi-approvals').click();
  await expect(page).toHaveURL(/\/pendencias\/aprovacao$/);
  await page.context().close();
});

for (const who of ['admin', 'client'] as const) {
  test(`the main lists fit at 1366×850 and on a phone (${who})`, async ({ browser }, testInfo) => {
    const page = await pageAs(browser, sessions.get(who)!, DESKTOP);
    const lists = who === 'admin' ? LISTS : LISTS.filter((l) => l.path === '/chamados' || l.path === '/pendencias');
    for (const [size, label] of [
      [DESKTOP, '1366x850'],
      [PHONE, '390x844'],
    ] as const) {
      await page.setViewportSize(size);
      for (const list of lists) {
        await page.goto(list.path);
        await waitForList(page, list.ready);
        // At 1366 px the Kanban's six columns fit; on a phone it scrolls.
        expect(await overflows(page, size === DESKTOP), `${list.path} at ${label}`).toEqual([]);
        if (list.path === '/pendencias' && size === PHONE) {
          // A phone shows each item as a card with its status, due date
          // and amount.
          const card = page.getByTestId('pending-row').first();
          for (const id of ['pending-due', 'pending-amount']) {
            await expect(card.getByTestId(id)).toBeVisible();
          }
          await expect(card.locator('.badge').first()).toBeVisible();
          await keepScreenshot(page, testInfo, `pending-${who}-${label}`);
        }
        if (list.path === '/atendimento' && size === DESKTOP) {
          await expect(page.locator('[data-testid="board-column"]')).toHaveCount(6);
          await expect(page.locator('[data-testid="board-column"][data-status="closed"]')).toBeInViewport();
        }
      }
    }
    await page.context().close();
  });
}

test('on a slow connection (Fast 3G) the loader shows at once, then the sign-in page', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  const started = Date.now();
  await page.goto('/entrar', { waitUntil: 'commit' });
  await expect(page.getByTestId('boot-text')).toHaveText('Carregando o Atende…', { timeout: 2_000 });
  const seenAfter = Date.now() - started;
  // The browser's own clock: the first paint with text (the loader: it is
  // all the page has until the app arrives), from the start of navigation.
  const firstPaint = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const [entry] = performance.getEntriesByName('first-contentful-paint');
        if (entry) return resolve(entry.startTime);
        new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime)).observe({
          type: 'paint',
          buffered: true,
        });
      }),
  );
  expect(firstPaint, 'the loader is painted within 1 s of navigating').toBeLessThan(1_000);
  // The product's name, and no failure message while loading normally.
  await expect(page.getByTestId('boot-loader')).toContainText('Atende');
  await expect(page.getByTestId('boot-failed')).not.toBeVisible();
  await expect(page.getByTestId('login-email')).toBeVisible({ timeout: 90_000 });
  const signInAfter = Date.now() - started;
  // The app took over: the loader is gone.
  await expect(page.getByTestId('boot-loader')).toHaveCount(0);
  const timing =
    `loader painted ${Math.round(firstPaint)} ms after navigating (seen by the test after ${seenAfter} ms), ` +
    `sign-in form after ${signInAfter} ms`;
  console.log(`Fast 3G: ${timing}`);
  test.info().annotations.push({ type: 'Fast 3G', description: timing });
  await context.close();
});

test('a forgotten password gets the same neutral answer, and a bad link says so', async ({ page }) => {
  const neutral = 'Se houver uma conta com este e-mail, enviamos um link para redefinir a senha.';
  for (const email of [`ninguem.${uniqueSuffix()}@atende.test`, 'cliente.supervisor@atende.demo']) {
    await page.goto('/entrar');
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('forgot-link').click();
    await expect(page).toHaveURL(/\/esqueci-senha\?email=/);
    await expect(page.getByTestId('page-title')).toHaveText('Esqueci minha senha');
    await expect(page.getByTestId('forgot-email')).toHaveValue(email);
    await page.getByTestId('forgot-submit').click();
    await expect(page.getByTestId('forgot-sent')).toHaveText(neutral);
  }
  // A link that is no link: invalid or expired, with a way to ask again.
  await page.goto('/redefinir-senha/link-que-nao-existe');
  await page.getByTestId('reset-password').fill('Uma senha nova e longa 2026');
  await page.getByTestId('reset-password-confirm').fill('Uma senha nova e longa 2026');
  await page.getByTestId('reset-submit').click();
  await expect(page.getByTestId('reset-invalid-token')).toContainText('inválido ou expirou');
  await page.getByTestId('reset-request-new').click();
  await expect(page).toHaveURL(/\/esqueci-senha$/);
});

test('an administrator manages ticket categories as a tree, and new tickets offer the active ones', async ({ browser }) => {
  const page = await pageAs(browser, sessions.get('admin')!);
  const suffix = uniqueSuffix();
  const parent = `Fiscal ${suffix}`;
  const child = `Notas fiscais ${suffix}`;
  await page.goto('/');
  await page.getByTestId('nav-categories').click();
  await expect(page.getByTestId('page-title')).toHaveText('Categorias de chamados');

  await page.getByTestId('category-create-open').click();
  await page.getByTestId('category-name-input').fill(parent);
  await page.getByTestId('category-submit').click();
  const parentRow = page.locator(`[data-testid="category-row"][data-name="${parent}"]`);
  await expect(parentRow).toHaveAttribute('data-depth', '0');

  await page.getByTestId('category-create-open').click();
  await page.getByTestId('category-name-input').fill(child);
  await page.getByTestId('category-parent').selectOption({ label: parent });
  await page.getByTestId('category-submit').click();
  const childRow = page.locator(`[data-testid="category-row"][data-name="${child}"]`);
  await expect(childRow).toHaveAttribute('data-depth', '1');

  // Deactivated: still listed, no longer offered.
  await childRow.getByTestId('category-toggle').click();
  await expect(childRow.getByTestId('category-status')).toHaveText('Inativa');

  await page.goto('/chamados/novo');
  const select = page.getByTestId('new-ticket-category');
  await expect(select.locator('option', { hasText: parent })).toHaveCount(1);
  await expect(select.locator('option', { hasText: child })).toHaveCount(0);
  await page.context().close();
});
