// The ticket journey through the UI, with the demo users: the client
// (Eduardo Lima, Pão Dourado) opens a ticket and finds it in "Meus
// chamados"; the agent (Camila Ribeiro, Contábil Horizonte and its clients)
// finds it on the board, tries a forbidden move, drags it to "Pendente",
// moves it from the keyboard, writes an internal note and a public reply;
// the client sees the reply but never the note, searches without accents,
// and reopens a solved ticket. The agent's list changes tickets in bulk,
// and a stale change is refused with who changed the ticket meanwhile.
//
// Endpoints the server may not have yet (staff list, notifications, event
// stream, canned responses, saved views, attachments) are detected through
// the API: the tests that need them are skipped when they answer 404.
import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
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

let api: APIRequestContext;
let client: TokenPair;
let agent: TokenPair;

/** The ticket the journey follows. */
let ticketId = '';
let ticketNumber = 0;
let reference = '';
const suffix = uniqueSuffix();
const subject = `Nota fiscal rejeitada ${suffix}`;
const note = `Nota interna: conferir o certificado digital ${suffix}`;
const reply = `Resposta pública: reenviamos a nota ${suffix}`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  client = await apiLogin(api, CLIENT, DEMO_PASSWORD);
  agent = await apiLogin(api, AGENT, DEMO_PASSWORD);
});

test.afterAll(async () => {
  await api.dispose();
});

/** A page of a fresh browser context signed in with `session`; wide
 * enough, when asked, for the whole board to show (a drop needs its
 * target on screen). */
async function pageAs(browser: Browser, session: TokenPair, wide = false): Promise<Page> {
  const context = await browser.newContext(
    wide ? { viewport: { width: 1680, height: 1000 } } : {},
  );
  await useSession(context, session);
  return context.newPage();
}

/** Whether the server answers `path` with something else than 404. */
async function serverHas(path: string, session: TokenPair, method = 'GET'): Promise<boolean> {
  const response = await api.fetch(path, { method, headers: bearer(session) });
  return response.status() !== 404;
}

/** A ticket opened through the API by the client. */
async function openTicket(subjectText: string, description: string) {
  const response = await api.post('/api/v1/tickets', {
    headers: bearer(client),
    data: { subject: subjectText, description },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** The ticket as the API has it now. */
async function readTicket(id: string, session: TokenPair = agent) {
  const response = await api.get(`/api/v1/tickets/${id}`, { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

test('the client opens a ticket and finds it in "Meus chamados" with its number', async ({ browser }) => {
  const page = await pageAs(browser, client);
  await page.goto('/chamados');
  await expect(page.getByTestId('page-title')).toHaveText('Meus chamados');
  await expect(page.getByTestId('nav-tickets')).toHaveText('Meus chamados');
  await expect(page.getByTestId('nav-workspace')).toHaveCount(0);
  // The SLA counters: "—" while no SLA policy exists (the server leaves
  // them out), else the server's numbers.
  const counters = await (
    await api.get('/api/v1/tickets/counters', { headers: bearer(client) })
  ).json();
  await expect(page.getByTestId('kpi-within-sla-value')).toHaveText(
    counters.within_sla === undefined ? '—' : String(counters.within_sla),
  );
  await expect(page.getByTestId('kpi-outside-sla-value')).toHaveText(
    counters.outside_sla === undefined ? '—' : String(counters.outside_sla),
  );
  const openBefore = Number(await page.getByTestId('kpi-open-value').textContent());

  await page.getByTestId('ticket-new').click();
  await expect(page).toHaveURL(/\/chamados\/novo$/);
  await expect(page.getByTestId('page-title')).toHaveText('Novo chamado');
  // Linked to one client company: nothing to choose.
  await expect(page.getByTestId('new-ticket-company')).toHaveCount(0);
  // Sending without a subject is stopped before the server.
  await page.getByTestId('new-ticket-submit').click();
  await expect(page.getByText('Informe o assunto.')).toBeVisible();

  await page.getByTestId('new-ticket-subject').fill(subject);
  await page
    .getByTestId('new-ticket-description')
    .fill('A nota fiscal **42** foi rejeitada pela SEFAZ hoje de manhã.');
  await page.getByTestId('new-ticket-priority').selectOption('high');
  await page.getByTestId('new-ticket-submit').click();

  await expect(page.getByTestId('ticket-created')).toBeVisible();
  await expect(page.getByTestId('page-title')).toHaveText(subject);
  reference = ((await page.getByTestId('ticket-reference').textContent()) ?? '').trim();
  expect(reference).toMatch(/^#\d{6}$/);
  ticketNumber = Number(reference.slice(1));
  ticketId = /\/chamados\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  expect(ticketId).not.toBe('');
  // The Markdown is shown rendered.
  await expect(page.getByTestId('ticket-description').locator('strong')).toHaveText('42');
  await expect(page.getByTestId('ticket-status')).toHaveText('Novo');
  await expect(page.getByTestId('ticket-priority')).toHaveText('Alta');
  // Clients get no staff controls and no internal notes.
  await expect(page.getByTestId('ticket-controls')).toHaveCount(0);
  await expect(page.getByTestId('composer-mode-internal')).toHaveCount(0);

  await page.getByTestId('ticket-back').click();
  await expect(page).toHaveURL(/\/chamados$/);
  const row = page.locator(`[data-testid="ticket-row"][data-number="${ticketNumber}"]`);
  await expect(row).toContainText(reference);
  await expect(row).toContainText(subject);
  await expect(row.getByTestId('ticket-status')).toHaveText('Novo');
  await expect(page.getByTestId('kpi-open-value')).toHaveText(String(openBefore + 1));

  // Finished tickets are elsewhere.
  await page.getByTestId('tickets-tab-finished').click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('tickets-tab-all').click();
  await expect(row).toBeVisible();
  await page.context().close();
});

test('the agent finds it on the board; a forbidden drop snaps back, a drag to "Pendente" moves it', async ({
  browser,
}) => {
  const page = await pageAs(browser, agent, true);
  await page.goto('/');
  await expect(page.getByTestId('nav-tickets')).toHaveText('Chamados');
  await page.getByTestId('nav-workspace').click();
  await expect(page).toHaveURL(/\/atendimento$/);
  await expect(page.getByTestId('page-title')).toHaveText('Atendimento');

  const card = boardCard(page, 'new', ticketNumber);
  await expect(card).toContainText(subject);
  await expect(card).toContainText('Pão Dourado');

  // "Novo" → "Fechado" is not a transition: the card stays, and says why.
  await drag(page, card, boardColumn(page, 'closed'));
  await expect(page.getByTestId('board-message')).toHaveText(
    'Um chamado “Novo” não pode ir para “Fechado”.',
  );
  await expect(page.getByTestId('board-message')).toHaveAttribute('data-kind', 'refused');
  await expect(boardCard(page, 'new', ticketNumber)).toBeVisible();
  await expect(boardCard(page, 'closed', ticketNumber)).toHaveCount(0);
  expect((await readTicket(ticketId)).status).toBe('new');

  // "Novo" → "Pendente" is.
  await drag(page, boardCard(page, 'new', ticketNumber), boardColumn(page, 'pending'));
  await expect(boardCard(page, 'pending', ticketNumber)).toBeVisible();
  await expect(boardCard(page, 'new', ticketNumber)).toHaveCount(0);
  await expect(page.getByTestId('board-message')).toHaveText(
    `Chamado ${reference} movido para “Pendente”.`,
  );
  await expect.poll(async () => (await readTicket(ticketId)).status).toBe('pending');

  // From the keyboard: the card's menu offers only the allowed statuses.
  const moveButton = boardCard(page, 'pending', ticketNumber).getByTestId('card-move');
  await expect(moveButton).toHaveAccessibleName(`Mover o chamado ${reference} para…`);
  await moveButton.focus();
  await page.keyboard.press('Enter');
  const items = boardCard(page, 'pending', ticketNumber).getByTestId('card-move-to');
  await expect(items).toHaveText(['Aberto', 'Em espera', 'Resolvido']);
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(boardCard(page, 'on_hold', ticketNumber)).toBeVisible();
  await expect.poll(async () => (await readTicket(ticketId)).status).toBe('on_hold');
  // The focus followed the card.
  await expect(boardCard(page, 'on_hold', ticketNumber).getByTestId('card-move')).toBeFocused();
  await page.context().close();
});

test('the agent writes an internal note and a public reply', async ({ browser }) => {
  const page = await pageAs(browser, agent);
  await page.goto('/atendimento');
  await boardCard(page, 'on_hold', ticketNumber).getByTestId('board-card-link').click();
  await expect(page).toHaveURL(new RegExp(`/chamados/${ticketId}$`));
  await expect(page.getByTestId('page-title')).toHaveText(subject);
  await expect(page.getByTestId('ticket-controls')).toBeVisible();
  await expect(page.getByTestId('ticket-status-select')).toHaveValue('on_hold');

  // The note: the box turns into a note, visibly.
  await page.getByTestId('composer-mode-internal').check();
  await expect(page.getByTestId('composer')).toHaveClass(/composer--internal/);
  await expect(page.getByTestId('composer-submit')).toHaveText('Adicionar nota interna');
  await page.getByTestId('composer-body').fill(note);
  await page.getByTestId('composer-submit').click();
  const noteMessage = page.locator('[data-testid="message"][data-internal="true"]');
  await expect(noteMessage).toContainText(note);
  await expect(noteMessage).toHaveClass(/message--internal/);
  await expect(noteMessage.getByTestId('message-internal')).toHaveText('Nota interna');
  await expect(page.getByTestId('composer-body')).toHaveValue('');

  // The reply.
  await page.getByTestId('composer-mode-public').check();
  await expect(page.getByTestId('composer')).not.toHaveClass(/composer--internal/);
  await page.getByTestId('composer-body').fill(reply);
  await page.getByTestId('composer-submit').click();
  const replyMessage = page.locator('[data-testid="message"][data-internal="false"]');
  await expect(replyMessage).toContainText(reply);

  // The timeline tells what happened.
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('Camila Ribeiro adicionou uma nota interna');
  await expect(timeline).toContainText('Camila Ribeiro respondeu');
  await expect(timeline).toContainText('Camila Ribeiro mudou a situação de Novo para Pendente');
  await page.context().close();
});

test('the client sees the reply but never the note', async ({ browser }) => {
  const page = await pageAs(browser, client);
  await page.goto(`/chamados/${ticketId}`);
  const thread = page.getByTestId('ticket-thread');
  await expect(thread).toContainText(reply);
  await expect(thread).toContainText('Camila Ribeiro');
  await expect(page.locator('[data-testid="message"][data-internal="true"]')).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toHaveCount(0);
  expect(await page.content()).not.toContain(note);
  // The client answers back.
  await page.getByTestId('composer-body').fill('Obrigado, vou conferir.');
  await page.getByTestId('composer-submit').click();
  await expect(thread).toContainText('Obrigado, vou conferir.');
  await page.context().close();
});

test('the client searches without accents: "acao" finds "Ação"', async ({ browser }) => {
  const accented = await openTicket(`Ação trabalhista ${suffix}`, 'Precisamos de orientação.');
  const page = await pageAs(browser, client);
  await page.goto('/chamados');
  await page.getByTestId('tickets-tab-all').click();
  await page.getByTestId('tickets-search').fill('acao');
  await page.getByTestId('tickets-search-submit').click();
  await expect(
    page.locator(`[data-testid="ticket-row"][data-number="${accented.number}"]`),
  ).toContainText(`Ação trabalhista ${suffix}`);
  await expect(page.locator(`[data-testid="ticket-row"][data-number="${ticketNumber}"]`)).toHaveCount(0);
  // Nothing found is said so.
  await page.getByTestId('tickets-search').fill(`inexistente${suffix}`);
  await page.getByTestId('tickets-search-submit').click();
  await expect(page.getByTestId('tickets-empty')).toHaveText('Nenhum chamado encontrado.');
  await page.context().close();
});

test('the client reopens a solved ticket, giving the reason', async ({ browser }) => {
  const current = await readTicket(ticketId);
  const solved = await api.patch(`/api/v1/tickets/${ticketId}`, {
    headers: bearer(agent),
    data: { version: current.version, status: 'solved' },
  });
  expect(solved.status(), await solved.text()).toBe(200);

  const page = await pageAs(browser, client);
  await page.goto(`/chamados/${ticketId}`);
  await expect(page.getByTestId('ticket-status')).toHaveText('Resolvido');
  await page.getByTestId('ticket-reopen').click();
  await page.getByTestId('ticket-reopen-submit').click();
  await expect(page.getByText('Diga por que o chamado deve ser reaberto.')).toBeVisible();
  await page.getByTestId('ticket-reopen-reason').fill('A nota voltou a ser rejeitada.');
  await page.getByTestId('ticket-reopen-submit').click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Aberto');
  await expect(page.getByTestId('ticket-thread')).toContainText('A nota voltou a ser rejeitada.');
  await expect(page.getByTestId('ticket-reopen')).toHaveCount(0);
  await page.context().close();
});

test('the agent changes tickets in bulk from the list', async ({ browser }) => {
  const first = await openTicket(`Folha de pagamento ${suffix} A`, 'Dúvida sobre o 13º.');
  const second = await openTicket(`Folha de pagamento ${suffix} B`, 'Dúvida sobre férias.');
  const page = await pageAs(browser, agent);
  await page.goto('/atendimento/lista');
  await expect(page.getByTestId('workspace-list-tab')).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('filter-q').fill(`folha ${suffix}`);
  await page.getByTestId('filter-apply').click();
  const rows = page.getByTestId('workspace-row');
  await expect(rows).toHaveCount(2);

  await page.getByTestId('ticket-select-all').check();
  await expect(page.getByTestId('bulk-count')).toHaveText('2 selecionado(s)');
  await page.getByTestId('bulk-priority').selectOption('urgent');
  await page.getByTestId('bulk-assignee').selectOption({ label: 'Camila Ribeiro (eu)' });
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('bulk-result')).toContainText('2 chamado(s) atualizado(s).');
  for (const t of [first, second]) {
    const now = await readTicket(t.id);
    expect(now.priority).toBe('urgent');
    expect(now.assignee?.name).toBe('Camila Ribeiro');
    await expect(
      page.locator(`[data-testid="workspace-row"][data-number="${t.number}"]`).getByTestId('ticket-priority'),
    ).toHaveText('Urgente');
  }

  // "Sem responsável" finds neither now.
  await page.getByTestId('filter-assignee').selectOption('none');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('workspace-empty')).toBeVisible();
  await page.getByTestId('filter-clear').click();
  await page.context().close();
});

test('a change based on an old version is refused, naming who changed the ticket', async ({ browser }) => {
  const ticket = await openTicket(`Conflito ${suffix}`, 'Duas pessoas mexendo ao mesmo tempo.');
  const page = await pageAs(browser, agent);
  // No live updates here: the page must keep its (now old) version.
  await page.route('**/api/v1/events/stream-token', (route) =>
    route.fulfill({ status: 404, contentType: 'application/problem+json', body: '{}' }),
  );
  await page.goto(`/chamados/${ticket.id}`);
  await expect(page.getByTestId('ticket-priority-select')).toHaveValue('normal');
  // Meanwhile, elsewhere…
  const changed = await api.patch(`/api/v1/tickets/${ticket.id}`, {
    headers: bearer(agent),
    data: { version: ticket.version, priority: 'low' },
  });
  expect(changed.status(), await changed.text()).toBe(200);

  await page.getByTestId('ticket-priority-select').selectOption('high');
  await expect(page.getByTestId('ticket-notice')).toContainText(
    'Camila Ribeiro alterou este chamado enquanto você trabalhava nele.',
  );
  // The page now shows the current version.
  await expect(page.getByTestId('ticket-priority-select')).toHaveValue('low');
  await expect(page.getByTestId('ticket-priority')).toHaveText('Baixa');
  await page.context().close();
});

test('a consultancy lead filters by end client and chooses the company of a new ticket', async ({
  browser,
}) => {
  const lead = await apiLogin(api, 'cliente.supervisor@atende.demo', DEMO_PASSWORD);
  const page = await pageAs(browser, lead);
  await page.goto('/chamados');
  await expect(page.getByTestId('page-title')).toHaveText('Meus chamados');
  const company = page.getByTestId('tickets-company');
  await expect(company.locator('option')).toHaveText([
    'Todas as empresas',
    'Mercado Bom Preço',
    'Pão Dourado',
  ]);
  // The client's tickets are Pão Dourado's.
  await page.getByTestId('tickets-tab-all').click();
  const ours = page.locator(`[data-testid="ticket-row"][data-number="${ticketNumber}"]`);
  await expect(ours).toContainText('Pão Dourado');
  await company.selectOption({ label: 'Mercado Bom Preço' });
  await expect(ours).toHaveCount(0);
  await expect(page.getByTestId('kpi-total-value')).toHaveText('0');

  // Opening a ticket asks for which company.
  await page.getByTestId('ticket-new').click();
  await page.getByTestId('new-ticket-subject').fill(`Estoque ${suffix}`);
  await page.getByTestId('new-ticket-description').fill('Inventário não fecha.');
  await page.getByTestId('new-ticket-submit').click();
  await expect(page.getByText('Escolha a empresa do chamado.')).toBeVisible();
  await page.getByTestId('new-ticket-company').selectOption({ label: 'Mercado Bom Preço' });
  await page.getByTestId('new-ticket-submit').click();
  await expect(page.getByTestId('ticket-created')).toBeVisible();
  await expect(page.getByTestId('ticket-company')).toHaveText('Mercado Bom Preço');
  await page.context().close();
});

test('a board column loads more cards on demand', async ({ browser }) => {
  const page = await pageAs(browser, agent, true);
  // More new tickets than a column shows at first.
  const opened = [];
  for (let i = 0; i < 21; i++) {
    opened.push(await openTicket(`Lote ${suffix} ${i}`, 'Carga para o quadro.'));
  }
  await page.goto('/atendimento');
  const cards = boardColumn(page, 'new').getByTestId('board-card');
  await expect(cards).toHaveCount(20);
  const count = Number(await boardColumn(page, 'new').getByTestId('board-count').textContent());
  expect(count).toBeGreaterThanOrEqual(21);
  await boardColumn(page, 'new').getByTestId('board-load-more').click();
  await expect(cards).toHaveCount(Math.min(count, 40));
  // The oldest of the batch is among them now.
  await expect(boardCard(page, 'new', opened[0].number)).toBeVisible();
  await page.context().close();
});

test('a ticket page that does not exist says so', async ({ browser }) => {
  const page = await pageAs(browser, client);
  await page.goto('/chamados/00000000-0000-0000-0000-000000000000');
  await expect(page.getByTestId('record-gone')).toContainText(
    'Este chamado não existe ou não está mais visível para você',
  );
  // By a number that no ticket has, too.
  await page.goto('/chamados/999999');
  await expect(page.getByTestId('record-gone')).toContainText('Este chamado não existe');
  await page.context().close();
});

test('without the newer endpoints the screens leave them out and still work', async ({ browser }) => {
  const page = await pageAs(browser, agent, true);
  const missing = (route: import('@playwright/test').Route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'urn:atende:problem:not-found',
        title: 'Not found',
        status: 404,
        code: 'not-found',
      }),
    });
  for (const pattern of [
    '**/api/v1/staff*',
    '**/api/v1/notifications**',
    '**/api/v1/events/**',
    '**/api/v1/canned-responses*',
    '**/api/v1/saved-views*',
    '**/api/v1/tickets/*/attachments',
  ]) {
    await page.route(pattern, missing);
  }
  await page.goto('/atendimento');
  await expect(boardCard(page, 'open', ticketNumber)).toBeVisible();
  await expect(page.getByTestId('notification-bell')).toHaveCount(0);
  await expect(page.getByTestId('saved-views')).toHaveCount(0);
  // Assigning still offers the person themself.
  await expect(page.getByTestId('filter-assignee').locator('option')).toHaveText([
    'Qualquer responsável',
    'Sem responsável',
    'Camila Ribeiro (eu)',
  ]);

  await page.goto(`/chamados/${ticketId}`);
  await expect(page.getByTestId('page-title')).toHaveText(subject);
  await expect(page.getByTestId('attachments')).toHaveCount(0);
  await expect(page.getByTestId('composer-files')).toHaveCount(0);
  await expect(page.getByTestId('canned-select')).toHaveCount(0);
  await page.getByTestId('composer-mode-internal').check();
  await page.getByTestId('composer-body').fill('@sup');
  await expect(page.getByTestId('mention-list')).toBeHidden();
  await page.getByTestId('composer-body').fill(`Sem os extras ${suffix}`);
  await page.getByTestId('composer-submit').click();
  await expect(page.locator('[data-testid="message"][data-internal="true"]').last()).toContainText(
    `Sem os extras ${suffix}`,
  );

  await page.goto('/atendimento/respostas');
  await expect(page.getByTestId('canned-unavailable')).toBeVisible();
  await page.context().close();
});

test.describe('with the newer endpoints', () => {
  test('@mentions offer the colleagues who work the company', async ({ browser }) => {
    test.skip(!(await serverHas('/api/v1/staff', agent)), 'the server has no staff list yet');
    const page = await pageAs(browser, agent);
    await page.goto(`/chamados/${ticketId}`);
    await page.getByTestId('composer-mode-internal').check();
    await page.getByTestId('composer-body').fill('Pode olhar, @super');
    const option = page.locator('[data-testid="mention-option"][data-handle="supervisor"]');
    await expect(option).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('composer-body')).toHaveValue('Pode olhar, @supervisor ');
    await page.context().close();
  });

  test('the bell counts unread notifications and marks them read', async ({ browser }) => {
    test.skip(
      !(await serverHas('/api/v1/notifications/unread-count', agent)),
      'the server has no notifications yet',
    );
    // A mention of the agent by the supervisor.
    const supervisor = await apiLogin(api, 'supervisor@atende.demo', DEMO_PASSWORD);
    const mention = await api.post(`/api/v1/tickets/${ticketId}/messages`, {
      headers: bearer(supervisor),
      data: { body: `@agente veja isto ${suffix}`, internal: true },
    });
    expect(mention.status(), await mention.text()).toBe(201);

    const page = await pageAs(browser, agent);
    await page.goto('/atendimento');
    await expect(page.getByTestId('notification-count')).toBeVisible();
    await page.getByTestId('notification-bell-button').click();
    const item = page.getByTestId('notification-item').filter({ hasText: reference });
    await expect(item.first()).toContainText('mencionou você');
    await page.getByTestId('notification-read-all').click();
    await expect(page.getByTestId('notification-count')).toHaveCount(0);
    await page.context().close();
  });

  test('the board and a ticket page follow changes made elsewhere', async ({ browser }) => {
    test.skip(
      !(await serverHas('/api/v1/events/stream-token', agent, 'POST')),
      'the server has no event stream yet',
    );
    const page = await pageAs(browser, agent, true);
    await page.goto('/atendimento');
    await expect(page.getByTestId('board')).toBeVisible();
    // Give the stream a moment to open.
    await page.waitForTimeout(1000);
    const fresh = await openTicket(`Ao vivo ${suffix}`, 'Apareceu sozinho no quadro.');
    await expect(boardCard(page, 'new', fresh.number)).toContainText(`Ao vivo ${suffix}`);

    const clientPage = await pageAs(browser, client);
    await clientPage.goto(`/chamados/${fresh.id}`);
    await expect(clientPage.getByTestId('thread-empty')).toBeVisible();
    await clientPage.waitForTimeout(1000);
    const answered = await api.post(`/api/v1/tickets/${fresh.id}/messages`, {
      headers: bearer(agent),
      data: { body: `Já estamos vendo ${suffix}`, internal: false },
    });
    expect(answered.status(), await answered.text()).toBe(201);
    await expect(clientPage.getByTestId('ticket-thread')).toContainText(`Já estamos vendo ${suffix}`);
    // The agent's reply opened the ticket: the board moved the card.
    await expect(boardCard(page, 'open', fresh.number)).toBeVisible();
    await clientPage.context().close();
    await page.context().close();
  });

  test('files travel with a reply and download with the session', async ({ browser }) => {
    test.skip(
      !(await serverHas(`/api/v1/tickets/${ticketId}/attachments`, client)),
      'the server has no attachments yet',
    );
    const page = await pageAs(browser, client);
    await page.goto(`/chamados/${ticketId}`);
    await expect(page.getByTestId('attachments')).toBeVisible();
    await page.getByTestId('composer-body').fill('Segue o XML da nota.');
    await page.getByTestId('composer-files').setInputFiles({
      name: `nota-42-${suffix}.xml`,
      mimeType: 'application/xml',
      buffer: Buffer.from('<nfe><numero>42</numero></nfe>'),
    });
    await page.getByTestId('composer-submit').click();
    await expect(page.getByTestId('ticket-thread')).toContainText('Segue o XML da nota.');
    const attachment = page.getByTestId('attachment').filter({ hasText: `nota-42-${suffix}.xml` });
    await expect(attachment).toBeVisible();
    await page.context().close();

    const agentPage = await pageAs(browser, agent);
    await agentPage.goto(`/chamados/${ticketId}`);
    const download = agentPage.waitForEvent('download');
    await agentPage
      .getByTestId('attachment')
      .filter({ hasText: `nota-42-${suffix}.xml` })
      .getByTestId('attachment-download')
      .click();
    expect((await download).suggestedFilename()).toBe(`nota-42-${suffix}.xml`);
    await agentPage.context().close();
  });

  test('a canned response is written once and inserted filled for the ticket', async ({ browser }) => {
    test.skip(!(await serverHas('/api/v1/canned-responses', agent)), 'the server has no canned responses yet');
    const title = `Saudação ${suffix}`;
    const page = await pageAs(browser, agent);
    await page.goto('/atendimento');
    await page.getByTestId('canned-manage').click();
    await expect(page.getByTestId('page-title')).toHaveText('Respostas rápidas');
    await page.getByTestId('canned-new').click();
    await page.getByTestId('canned-title').fill(title);
    await page
      .getByTestId('canned-body')
      .fill('Olá {{cliente.nome}}, sobre o chamado {{chamado.numero}}: já estamos cuidando.');
    await page.getByTestId('canned-save').click();
    await expect(page.getByTestId('canned-item').filter({ hasText: title })).toBeVisible();

    await page.goto(`/chamados/${ticketId}`);
    await page.getByTestId('composer-body').fill('Bom dia!');
    await page.getByTestId('canned-select').selectOption({ label: title });
    await page.getByTestId('canned-insert').click();
    await expect(page.getByTestId('composer-body')).toHaveValue(
      `Bom dia!\n\nOlá Eduardo Lima, sobre o chamado ${reference}: já estamos cuidando.`,
    );
    await page.context().close();
  });

  test('a filter saved as a view comes back with one choice', async ({ browser }) => {
    test.skip(!(await serverHas('/api/v1/saved-views', agent)), 'the server has no saved views yet');
    const name = `Folha ${suffix}`;
    const page = await pageAs(browser, agent);
    await page.goto('/atendimento/lista');
    await page.getByTestId('filter-q').fill(`folha ${suffix}`);
    await page.getByTestId('filter-apply').click();
    await expect(page.getByTestId('workspace-row')).toHaveCount(2);
    await page.getByTestId('saved-view-save-open').click();
    await page.getByTestId('saved-view-name').fill(name);
    await page.getByTestId('saved-view-shared').check();
    await page.getByTestId('saved-view-save').click();
    const option = page.getByTestId('saved-view-select').locator('option', { hasText: name });
    await expect(option).toHaveCount(1);
    const value = (await option.getAttribute('value')) ?? '';

    await page.getByTestId('filter-clear').click();
    await expect(page.getByTestId('filter-q')).toHaveValue('');
    await page.getByTestId('saved-view-select').selectOption('');
    await page.getByTestId('saved-view-select').selectOption(value);
    await expect(page.getByTestId('filter-q')).toHaveValue(`folha ${suffix}`);
    await expect(page.getByTestId('workspace-row')).toHaveCount(2);

    // One's own view can be deleted.
    await page.getByTestId('saved-view-delete').click();
    await page.getByTestId('saved-view-delete-confirm').click();
    await expect(option).toHaveCount(0);
    await page.context().close();
  });
});
