// Issue 4's journey, end to end, as three people at once with the demo
// users: the agent (Camila Ribeiro) has the Kanban board open when the
// client (Eduardo Lima, Pão Dourado) opens a ticket with a file attached;
// the card shows up on the board by itself (the event stream, no reload).
// The agent drags it to "Aberto", answers publicly and writes an internal
// note mentioning the supervisor (Bruno Carvalho) through the @
// autocomplete; the supervisor, signed in elsewhere, gets the notification
// on the bell. The client sees the reply but never the note, marks the
// ticket solved, then reopens it giving the reason; the agent's page
// follows each change live.
import { APIRequestContext, Browser, BrowserContext, expect, Page, test } from '@playwright/test';
import {
  apiLogin,
  bearer,
  boardCard,
  boardColumn,
  DEMO_PASSWORD,
  drag,
  TokenPair,
  uniqueSuffix,
  useSession,
} from './support';

const CLIENT = 'cliente@atende.demo';
const AGENT = 'agente@atende.demo';
const SUPERVISOR = 'supervisor@atende.demo';

/** A 1×1 PNG: its content really is a PNG (the server checks the content
 * against the name). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let api: APIRequestContext;
const contexts: BrowserContext[] = [];

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await api.dispose();
});

/** A page of a fresh browser context signed in with `session`, wide enough
 * for the whole board (a drop needs its target on screen). */
async function pageAs(browser: Browser, session: TokenPair): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
  contexts.push(context);
  await useSession(context, session);
  return context.newPage();
}

/** Opens `path` and waits until the page's event stream is connected, so
 * that what happens next elsewhere reaches it. */
async function gotoLive(page: Page, path: string): Promise<void> {
  const stream = page.waitForResponse(
    (response) => response.url().includes('/api/v1/events/stream?') && response.status() === 200,
  );
  await page.goto(path);
  await stream;
}

async function ticketStatus(id: string, session: TokenPair): Promise<string> {
  const response = await api.get(`/api/v1/tickets/${id}`, { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).status;
}

async function unreadCount(session: TokenPair): Promise<number> {
  const response = await api.get('/api/v1/notifications/unread-count', { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).count;
}

test('issue 4: opened with a file, seen live on the board, dragged, answered, noted with @mention, solved and reopened by the client', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const subject = `Boleto em duplicidade ${suffix}`;
  const fileName = `comprovante-${suffix}.png`;
  const reply = `Resposta pública: o boleto duplicado foi cancelado ${suffix}`;
  const noteStart = `Conferir o comprovante ${suffix} com @super`;
  const noteText = `Conferir o comprovante ${suffix} com @supervisor antes de responder.`;
  const reason = `O boleto voltou a aparecer em duplicidade ${suffix}.`;

  const client = await apiLogin(api, CLIENT, DEMO_PASSWORD);
  const agent = await apiLogin(api, AGENT, DEMO_PASSWORD);
  const supervisor = await apiLogin(api, SUPERVISOR, DEMO_PASSWORD);

  // The agent's board is open before the ticket exists.
  const agentPage = await pageAs(browser, agent);
  await gotoLive(agentPage, '/atendimento');
  await expect(agentPage.getByTestId('page-title')).toHaveText('Atendimento');
  await expect(agentPage.getByTestId('board')).toBeVisible();
  // Marks this document: a reload would lose the mark.
  await agentPage.evaluate(() => {
    (window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true;
  });

  // The supervisor is signed in elsewhere, bell in sight.
  const supervisorPage = await pageAs(browser, supervisor);
  await gotoLive(supervisorPage, '/atendimento');
  await expect(supervisorPage.getByTestId('notification-bell')).toBeVisible();

  // 1. The client opens the ticket with a file attached.
  const clientPage = await pageAs(browser, client);
  await clientPage.goto('/chamados');
  await clientPage.getByTestId('ticket-new').click();
  await expect(clientPage.getByTestId('page-title')).toHaveText('Novo chamado');
  await clientPage.getByTestId('new-ticket-subject').fill(subject);
  await clientPage
    .getByTestId('new-ticket-description')
    .fill('O boleto de novembro foi emitido duas vezes. Segue o comprovante do pagamento.');
  await clientPage.getByTestId('new-ticket-files').setInputFiles({
    name: fileName,
    mimeType: 'image/png',
    buffer: PNG,
  });
  await clientPage.getByTestId('new-ticket-submit').click();
  await expect(clientPage.getByTestId('ticket-created')).toBeVisible();
  await expect(clientPage.getByTestId('page-title')).toHaveText(subject);
  await expect(clientPage.getByTestId('ticket-status')).toHaveText('Novo');
  const reference = ((await clientPage.getByTestId('ticket-reference').textContent()) ?? '').trim();
  expect(reference).toMatch(/^#\d{6}$/);
  const number = Number(reference.slice(1));
  const ticketId = /\/chamados\/([0-9a-f-]{36})/.exec(clientPage.url())?.[1] ?? '';
  expect(ticketId).not.toBe('');
  await expect(clientPage.getByTestId('attachment').filter({ hasText: fileName })).toBeVisible();
  // Open, so the client may mark it solved.
  await expect(clientPage.getByTestId('ticket-solve')).toHaveText('Marcar como resolvido');
  // The client's page follows the ticket from now on.
  await gotoLive(clientPage, `/chamados/${ticketId}`);
  await expect(clientPage.getByTestId('page-title')).toHaveText(subject);

  // 2. The card appears on the agent's board by itself, without a reload.
  const newCard = boardCard(agentPage, 'new', number);
  await expect(newCard).toContainText(subject);
  await expect(newCard).toContainText('Pão Dourado');
  expect(
    await agentPage.evaluate(
      () => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument,
    ),
  ).toBe(true);

  // 3. The agent drags it to "Aberto".
  await drag(agentPage, newCard, boardColumn(agentPage, 'open'));
  await expect(boardCard(agentPage, 'open', number)).toBeVisible();
  await expect(boardCard(agentPage, 'new', number)).toHaveCount(0);
  await expect(agentPage.getByTestId('board-message')).toHaveText(
    `Chamado ${reference} movido para “Aberto”.`,
  );
  await expect.poll(() => ticketStatus(ticketId, agent)).toBe('open');

  // 4. The agent opens it, sees the client's file, and replies publicly.
  await boardCard(agentPage, 'open', number).getByTestId('board-card-link').click();
  await expect(agentPage).toHaveURL(new RegExp(`/chamados/${ticketId}$`));
  await expect(agentPage.getByTestId('page-title')).toHaveText(subject);
  await expect(agentPage.getByTestId('ticket-status-select')).toHaveValue('open');
  await expect(agentPage.getByTestId('attachment').filter({ hasText: fileName })).toBeVisible();
  // Staff get no "mark solved" card: they have the status control.
  await expect(agentPage.getByTestId('ticket-solve')).toHaveCount(0);
  await agentPage.getByTestId('composer-body').fill(reply);
  await agentPage.getByTestId('composer-submit').click();
  await expect(
    agentPage.locator('[data-testid="message"][data-internal="false"]').filter({ hasText: reply }),
  ).toBeVisible();

  // 5. An internal note mentioning the supervisor, picked from the @ list.
  const unreadBefore = await unreadCount(supervisor);
  await agentPage.getByTestId('composer-mode-internal').check();
  await expect(agentPage.getByTestId('composer')).toHaveClass(/composer--internal/);
  const body = agentPage.getByTestId('composer-body');
  await body.pressSequentially(noteStart);
  const option = agentPage.locator('[data-testid="mention-option"][data-handle="supervisor"]');
  await expect(agentPage.getByTestId('mention-list')).toBeVisible();
  await expect(option).toContainText('Bruno Carvalho');
  await option.click();
  await expect(agentPage.getByTestId('mention-list')).toBeHidden();
  await expect(body).toHaveValue(`Conferir o comprovante ${suffix} com @supervisor `);
  await body.pressSequentially('antes de responder.');
  await expect(body).toHaveValue(noteText);
  await agentPage.getByTestId('composer-submit').click();
  const note = agentPage
    .locator('[data-testid="message"][data-internal="true"]')
    .filter({ hasText: `Conferir o comprovante ${suffix}` });
  await expect(note).toContainText('@supervisor');
  await expect(note.getByTestId('message-internal')).toHaveText('Nota interna');
  await expect(body).toHaveValue('');

  // 6. The supervisor's bell rings, and the notification leads to the note.
  await expect(supervisorPage.getByTestId('notification-bell-button')).toHaveAttribute(
    'aria-label',
    `Notificações: ${unreadBefore + 1} não lidas`,
  );
  await expect(supervisorPage.getByTestId('notification-count')).toHaveText(
    String(unreadBefore + 1),
  );
  await supervisorPage.getByTestId('notification-bell-button').click();
  const notification = supervisorPage
    .getByTestId('notification-item')
    .filter({ hasText: `${reference}: ${subject}` });
  await expect(notification).toHaveText(
    new RegExp(`Camila Ribeiro mencionou você em ${reference}: ${subject}`),
  );
  await notification.getByRole('link').click();
  await expect(supervisorPage).toHaveURL(new RegExp(`/chamados/${ticketId}$`));
  await expect(
    supervisorPage.locator('[data-testid="message"][data-internal="true"]'),
  ).toContainText(`Conferir o comprovante ${suffix}`);
  // Following it marked it read.
  await expect(supervisorPage.getByTestId('notification-bell-button')).toHaveAttribute(
    'aria-label',
    unreadBefore === 0 ? 'Notificações: nenhuma nova' : `Notificações: ${unreadBefore} não lidas`,
  );

  // 7. The client sees the reply, live, but never the note.
  const thread = clientPage.getByTestId('ticket-thread');
  await expect(thread).toContainText(reply);
  await expect(thread).toContainText('Camila Ribeiro');
  await expect(clientPage.locator('[data-testid="message"][data-internal="true"]')).toHaveCount(0);
  await expect(clientPage.getByTestId('message')).toHaveCount(1);
  expect(await clientPage.content()).not.toContain(`Conferir o comprovante ${suffix}`);
  await expect(clientPage.getByTestId('attachment').filter({ hasText: fileName })).toBeVisible();

  // 8. The client marks it solved.
  await expect(clientPage.getByTestId('ticket-status')).toHaveText('Aberto');
  await clientPage.getByTestId('ticket-solve').click();
  // Asked first.
  await clientPage.getByTestId('ticket-solve-confirm').click();
  await expect(clientPage.getByTestId('ticket-solved')).toHaveText('Chamado marcado como resolvido.');
  await expect(clientPage.getByTestId('ticket-status')).toHaveText('Resolvido');
  await expect(clientPage.getByTestId('ticket-solve')).toHaveCount(0);
  await expect(clientPage.getByTestId('ticket-reopen')).toBeVisible();
  expect(await ticketStatus(ticketId, client)).toBe('solved');
  // The agent's page follows.
  await expect(agentPage.getByTestId('ticket-status-select')).toHaveValue('solved');
  await expect(agentPage.getByTestId('timeline')).toContainText(
    'Eduardo Lima mudou a situação de Aberto para Resolvido',
  );

  // 9. … and reopens it, saying why.
  await clientPage.getByTestId('ticket-reopen').click();
  await clientPage.getByTestId('ticket-reopen-reason').fill(reason);
  await clientPage.getByTestId('ticket-reopen-submit').click();
  await expect(clientPage.getByTestId('ticket-status')).toHaveText('Aberto');
  await expect(clientPage.getByTestId('ticket-thread')).toContainText(reason);
  await expect(clientPage.getByTestId('ticket-solved')).toHaveCount(0);
  await expect(clientPage.getByTestId('ticket-reopen')).toHaveCount(0);
  // Open again: it may be marked solved again.
  await expect(clientPage.getByTestId('ticket-solve')).toBeVisible();
  expect(await ticketStatus(ticketId, client)).toBe('open');
  await expect(agentPage.getByTestId('ticket-status-select')).toHaveValue('open');
  await expect(agentPage.getByTestId('timeline')).toContainText('Eduardo Lima reabriu o chamado');
  await expect(agentPage.getByTestId('ticket-thread')).toContainText(reason);
});
