// Pending items (pendências, the UP380 workflow) through the SPA, with the
// demo users: the agent (operator) raises items with Brazilian amounts and
// dates and sends drafts for approval in bulk (an item already submitted
// fails on its own); the client sees only approved items and never a
// workflow button that is not theirs ("Aprovar"); the supervisor refuses
// with a reason (required), the agent fixes and resubmits — a stale edit
// is refused and the page shows the current item — and the supervisor
// approves and refuses in bulk from the approval queue. Dashboards,
// segment navigation and the bell's pending-item notifications too.
//
// Each test makes its own items through the API (unique titles), so it
// does not depend on what other specs do to the shared server.
import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import { apiLogin, bearer, DEMO_PASSWORD, TokenPair, uniqueSuffix, useSession } from './support';

const CLIENT = 'cliente@atende.demo';
const AGENT = 'agente@atende.demo';
const SUPERVISOR = 'supervisor@atende.demo';
/** Pão Dourado, the demo client's company (crates/atende-api/src/demo.rs). */
const PAO_DOURADO_CNPJ = '61.204.837/0001-47';

let api: APIRequestContext;
let client: TokenPair;
let agent: TokenPair;
let supervisor: TokenPair;
let companyId = '';

interface Item {
  id: string;
  number: number;
  title: string;
  status: string;
  version: number;
  actions: string[];
  amount_cents?: number;
  due_date?: string;
  refusal_reason?: string;
}

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  client = await apiLogin(api, CLIENT, DEMO_PASSWORD);
  agent = await apiLogin(api, AGENT, DEMO_PASSWORD);
  supervisor = await apiLogin(api, SUPERVISOR, DEMO_PASSWORD);
  const response = await api.get('/api/v1/companies?kind=client&limit=200', { headers: bearer(agent) });
  expect(response.status(), await response.text()).toBe(200);
  const companies: { id: string; cnpj: string }[] = (await response.json()).items;
  const pao = companies.find((c) => c.cnpj === PAO_DOURADO_CNPJ);
  expect(pao, 'the agent reaches Pão Dourado').toBeTruthy();
  companyId = pao!.id;
});

test.afterAll(async () => {
  await api.dispose();
});

/** A page of a fresh browser context signed in with `session`. */
async function pageAs(browser: Browser, session: TokenPair): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await useSession(context, session);
  return context.newPage();
}

/** An item raised by the agent through the API. */
async function raise(title: string, extra: Record<string, unknown> = {}): Promise<Item> {
  const response = await api.post('/api/v1/pending-items', {
    headers: bearer(agent),
    data: { title, description: `Descrição de ${title}`, company_id: companyId, ...extra },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

async function stepItem(item: Item, session: TokenPair, action: string, reason?: string): Promise<Item> {
  const response = await api.post(`/api/v1/pending-items/${item.id}/steps`, {
    headers: bearer(session),
    data: reason ? { action, reason } : { action },
  });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

async function read(id: string, session: TokenPair = agent): Promise<Item> {
  const response = await api.get(`/api/v1/pending-items/${id}`, { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

function row(page: Page, item: Item) {
  return page.locator(`[data-testid="pending-row"][data-number="${item.number}"]`);
}

test('the operator sees amounts and dates the Brazilian way, overdue items marked, and sends drafts for approval in bulk', async ({
  browser,
}) => {
  const suffix = uniqueSuffix();
  const draft = await raise(`Guia de ICMS ${suffix}`, {
    amount_cents: 123456,
    due_date: '2020-01-15',
    document_number: `NF ${suffix}`,
  });
  const submitted = await raise(`Contrato social ${suffix}`, { submit: true, due_date: '2099-12-31' });

  const page = await pageAs(browser, agent);
  await page.goto('/pendencias?operator_id=me');
  await expect(page.getByTestId('page-title')).toHaveText('Pendências');
  await expect(page.getByTestId('nav-pending')).toBeVisible();
  await expect(page.getByTestId('pending-filter-mine')).toBeChecked();

  const draftRow = row(page, draft);
  await expect(draftRow.getByTestId('pending-status')).toHaveText('Rascunho');
  await expect(draftRow.getByTestId('pending-amount')).toHaveText('R$ 1.234,56');
  await expect(draftRow.getByTestId('pending-due')).toContainText('15/01/2020');
  await expect(draftRow.getByTestId('pending-overdue')).toHaveText('Vencida');
  const submittedRow = row(page, submitted);
  await expect(submittedRow.getByTestId('pending-status')).toHaveText('Aguardando aprovação');
  await expect(submittedRow.getByTestId('pending-due')).toHaveText('31/12/2099');
  await expect(submittedRow.getByTestId('pending-overdue')).toHaveCount(0);

  // The status filter goes into the address.
  await page.getByTestId('pending-filter-status').selectOption('draft');
  await expect(page).toHaveURL(/status=draft/);
  await expect(row(page, submitted)).toHaveCount(0);
  await expect(row(page, draft)).toBeVisible();
  await page.getByTestId('pending-filter-status').selectOption('');
  await expect(row(page, submitted)).toBeVisible();

  // Text search: the item's number as people write it.
  const reference = `PEN-${String(draft.number).padStart(6, '0')}`;
  await expect(row(page, draft).getByTestId('pending-reference')).toHaveText(reference);
  await page.getByTestId('pending-filter-q').fill(reference);
  await page.getByTestId('pending-filter-apply').click();
  await expect(page).toHaveURL(/q=PEN-/);
  await expect(page.getByTestId('pending-row')).toHaveCount(1);
  await expect(row(page, draft)).toBeVisible();
  await page.getByTestId('pending-filter-q').fill(`NF ${suffix}`);
  await page.getByTestId('pending-filter-apply').click();
  await expect(page.getByTestId('pending-row')).toHaveCount(1);
  await page.goto('/pendencias?operator_id=me');
  await expect(row(page, submitted)).toBeVisible();

  // Both selected: the draft goes, the submitted one fails on its own.
  await row(page, draft).getByTestId('pending-select').check();
  await row(page, submitted).getByTestId('pending-select').check();
  await expect(page.getByTestId('pending-bulk-count')).toContainText('2');
  await page.getByTestId('pending-bulk-submit').click();
  await expect(page.getByTestId('pending-bulk-done')).toHaveText('1 pendência(s) atualizada(s).');
  const failures = page.getByTestId('pending-bulk-failure');
  await expect(failures).toHaveCount(1);
  await expect(failures.first()).toContainText(`PEN-${String(submitted.number).padStart(6, '0')}`);
  await expect(row(page, draft).getByTestId('pending-status')).toHaveText('Aguardando aprovação');
  expect((await read(draft.id)).status).toBe('awaiting_approval');

  // "Ver resolvidas" is for those who may see resolved items.
  await expect(page.getByTestId('pending-filter-resolved')).toHaveCount(0);
});

test('a new item with R$ and dd/mm/aaaa: bad values are told at their field, good ones go for approval', async ({
  browser,
}) => {
  const title = `Certidão negativa de débitos ${uniqueSuffix()}`;
  const page = await pageAs(browser, agent);
  await page.goto('/pendencias');
  await page.getByTestId('pending-new').click();
  await expect(page.getByTestId('page-title')).toHaveText('Nova pendência');
  await page.getByTestId('pending-form-company').selectOption(companyId);
  await page.getByTestId('pending-form-title').fill(title);
  await page.getByTestId('pending-form-description').fill('Enviar a certidão atualizada da empresa.');
  await page.getByTestId('pending-form-category').fill('Fiscal');
  await page.getByTestId('pending-form-document').fill('CND 2026/11');
  await page.getByTestId('pending-form-due-date').fill('31/02/2030');
  await page.getByTestId('pending-form-reference-date').fill('01/11/2026');
  await page.getByTestId('pending-form-amount').fill('1,234.56');
  await page.getByTestId('pending-form-submit').click();
  const dueField = page.locator('.field', { has: page.getByTestId('pending-form-due-date') });
  await expect(dueField.locator('.field-error')).toContainText('31/02/2030');
  const amountField = page.locator('.field', { has: page.getByTestId('pending-form-amount') });
  await expect(amountField.locator('.field-error')).toContainText('vírgula separa os centavos');
  await expect(page).toHaveURL(/\/pendencias\/nova$/);

  await page.getByTestId('pending-form-due-date').fill('31/12/2030');
  await page.getByTestId('pending-form-amount').fill('1.234,56');
  await page.getByTestId('pending-form-submit').click();
  await expect(page.getByTestId('pending-created')).toBeVisible();
  await expect(page.getByTestId('page-title')).toHaveText(title);
  await expect(page.getByTestId('pending-status')).toHaveText('Aguardando aprovação');
  await expect(page.getByTestId('pending-fact-amount')).toHaveText('R$ 1.234,56');
  await expect(page.getByTestId('pending-fact-due')).toHaveText('31/12/2030');
  await expect(page.getByTestId('pending-fact-reference')).toHaveText('01/11/2026');
  await expect(page.getByTestId('pending-fact-category')).toHaveText('Fiscal');
  // An operator may not approve what they sent.
  await expect(page.getByTestId('pending-step-approve')).toHaveCount(0);
  await expect(page.getByTestId('pending-step-return_to_draft')).toBeVisible();

  const id = page.url().split('/pendencias/')[1].split('?')[0];
  const item = await read(id);
  expect(item.amount_cents).toBe(123456);
  expect(item.due_date).toBe('2030-12-31');

  // Without a title nothing is sent.
  await page.goto('/pendencias/nova');
  await page.getByTestId('pending-form-company').selectOption(companyId);
  await page.getByTestId('pending-form-draft').click();
  const titleField = page.locator('.field', { has: page.getByTestId('pending-form-title') });
  await expect(titleField.locator('.field-error')).toBeVisible();
});

test('the client sees approved items only, answers them, and never gets "Aprovar"', async ({ browser }) => {
  const suffix = uniqueSuffix();
  const draft = await raise(`Rascunho interno ${suffix}`);
  const waiting = await raise(`Aguardando o supervisor ${suffix}`, { submit: true });
  let approved = await raise(`Extrato bancário de outubro ${suffix}`, { submit: true, amount_cents: 5000 });
  approved = await stepItem(approved, supervisor, 'approve');
  expect(approved.status).toBe('awaiting_client');

  const page = await pageAs(browser, client);
  await page.goto('/pendencias');
  await expect(page.getByTestId('page-title')).toHaveText('Pendências');
  await expect(row(page, approved).getByTestId('pending-status')).toHaveText('Aguardando cliente');
  await expect(row(page, approved).getByTestId('pending-amount')).toHaveText('R$ 50,00');
  await expect(row(page, draft)).toHaveCount(0);
  await expect(row(page, waiting)).toHaveCount(0);
  // Statuses before the approval are not even offered.
  const statuses = await page.getByTestId('pending-filter-status').locator('option').allTextContents();
  expect(statuses).not.toContain('Rascunho');
  expect(statuses).not.toContain('Aguardando aprovação');
  await expect(page.getByTestId('nav-pending-approval')).toHaveCount(0);
  await expect(page.getByTestId('nav-pending-new')).toHaveCount(0);
  await expect(page.getByTestId('pending-new')).toHaveCount(0);

  await row(page, approved).getByTestId('pending-link').click();
  await expect(page.getByTestId('page-title')).toHaveText(approved.title);
  await expect(page.getByTestId('pending-step-approve')).toHaveCount(0);
  await expect(page.getByTestId('pending-step-refuse')).toHaveCount(0);
  await expect(page.getByTestId('pending-step-resolve')).toHaveCount(0);
  await expect(page.getByTestId('pending-edit')).toHaveCount(0);
  await page.getByTestId('pending-answer-body').fill(`Segue o extrato ${suffix}.`);
  await page.getByTestId('pending-answer-submit').click();
  await expect(page.getByTestId('pending-message-body')).toContainText(`Segue o extrato ${suffix}.`);
  await expect(page.getByTestId('pending-status')).toHaveText('Respondida');
  await expect(page.locator('[data-testid="pending-event"][data-kind="answered"]')).toContainText(
    'respondeu',
  );
  // The history starts at the approval for a client.
  await expect(page.locator('[data-testid="pending-event"][data-kind="created"]')).toHaveCount(0);

  // A draft is out of reach, as if it did not exist, and the page says so
  // in words (no retry that cannot help).
  await page.goto(`/pendencias/${draft.id}`);
  await expect(page.getByTestId('record-gone')).toContainText(
    'Esta pendência não existe ou não está mais visível para você',
  );
  await expect(page.getByRole('button', { name: 'Tentar novamente' })).toHaveCount(0);
});

test('the supervisor refuses with a reason, the operator fixes it (a stale edit is refused) and resubmits', async ({
  browser,
}) => {
  const suffix = uniqueSuffix();
  const item = await raise(`Folha de pagamento de novembro ${suffix}`, { submit: true });
  const reason = `Falta o valor das horas extras ${suffix}`;

  const page = await pageAs(browser, supervisor);
  await page.goto(`/pendencias/${item.id}`);
  await expect(page.getByTestId('pending-status')).toHaveText('Aguardando aprovação');
  await expect(page.getByTestId('pending-step-approve')).toBeVisible();
  await page.getByTestId('pending-step-refuse').click();
  await expect(page.getByTestId('pending-refuse-dialog')).toBeVisible();
  await page.getByTestId('pending-refuse-confirm').click();
  await expect(page.getByTestId('pending-refuse-missing')).toHaveText('Informe o motivo da recusa.');
  expect((await read(item.id)).status).toBe('awaiting_approval');
  await page.getByTestId('pending-refuse-reason').fill(reason);
  await page.getByTestId('pending-refuse-confirm').click();
  await expect(page.getByTestId('pending-status')).toHaveText('Recusada');
  await expect(page.getByTestId('pending-refusal-reason')).toHaveText(reason);
  await expect(page.locator('[data-testid="pending-event"][data-kind="refused"]')).toContainText(
    `recusou: ${reason}`,
  );
  await expect(page.getByTestId('pending-fact-approver')).toHaveText('Bruno Carvalho');

  // The operator reads the reason and edits; meanwhile the item changes.
  const agentPage = await pageAs(browser, agent);
  await agentPage.goto(`/pendencias/${item.id}`);
  await expect(agentPage.getByTestId('pending-refusal-reason')).toHaveText(reason);
  await agentPage.getByTestId('pending-edit').click();
  await expect(agentPage.getByTestId('pending-edit-form')).toBeVisible();
  const current = await read(item.id);
  const patched = await api.patch(`/api/v1/pending-items/${item.id}`, {
    headers: bearer(agent),
    data: { version: current.version, category: 'Folha' },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  await agentPage.getByTestId('pending-form-amount').fill('2.500,00');
  await agentPage.getByTestId('pending-edit-save').click();
  await expect(agentPage.getByTestId('pending-notice')).toContainText('Outra pessoa alterou esta pendência');
  await expect(agentPage.getByTestId('pending-fact-category')).toHaveText('Folha');

  await agentPage.getByTestId('pending-edit').click();
  await agentPage.getByTestId('pending-form-amount').fill('2.500,00');
  await agentPage.getByTestId('pending-edit-save').click();
  await expect(agentPage.getByTestId('pending-step-done')).toHaveText('Alterações salvas.');
  await expect(agentPage.getByTestId('pending-fact-amount')).toHaveText('R$ 2.500,00');
  await agentPage.getByTestId('pending-step-submit').click();
  await expect(agentPage.getByTestId('pending-status')).toHaveText('Aguardando aprovação');
  await expect(agentPage.getByTestId('pending-step-done')).toHaveText('Feito: Enviar para aprovação.');
  await expect(agentPage.getByTestId('pending-refusal')).toHaveCount(0);
});

test('the approval queue approves and refuses in bulk, one reason for all', async ({ browser }) => {
  const suffix = uniqueSuffix();
  const first = await raise(`Balancete de setembro ${suffix}`, { submit: true });
  const second = await raise(`Balancete de outubro ${suffix}`, { submit: true });
  const third = await raise(`Comprovante de endereço ${suffix}`, { submit: true });
  const fourth = await raise(`Procuração ${suffix}`, { submit: true });
  const reason = `Documentos já entregues ${suffix}`;

  const page = await pageAs(browser, supervisor);
  await page.goto('/pendencias');
  await page.getByTestId('nav-pending-approval').click();
  await expect(page.getByTestId('page-title')).toHaveText('Aprovação de pendências');
  await row(page, first).getByTestId('pending-select').check();
  await row(page, second).getByTestId('pending-select').check();
  await page.getByTestId('pending-bulk-approve').click();
  await page.getByTestId('pending-bulk-approve-confirm').click();
  await expect(page.getByTestId('pending-bulk-done')).toHaveText('2 pendência(s) atualizada(s).');
  await expect(row(page, first)).toHaveCount(0);
  await expect(row(page, second)).toHaveCount(0);
  expect((await read(first.id)).status).toBe('awaiting_client');
  expect((await read(second.id)).status).toBe('awaiting_client');

  await row(page, third).getByTestId('pending-select').check();
  await row(page, fourth).getByTestId('pending-select').check();
  await page.getByTestId('pending-bulk-refuse').click();
  await page.getByTestId('pending-bulk-refuse-confirm').click();
  await expect(page.getByTestId('pending-bulk-refuse-form').locator('.field-error')).toHaveText(
    'Informe o motivo da recusa.',
  );
  await page.getByTestId('pending-bulk-reason').fill(reason);
  await page.getByTestId('pending-bulk-refuse-confirm').click();
  await expect(page.getByTestId('pending-bulk-done')).toHaveText('2 pendência(s) atualizada(s).');
  for (const item of [third, fourth]) {
    const now = await read(item.id);
    expect(now.status).toBe('refused');
    expect(now.refusal_reason).toBe(reason);
  }
});

test('dashboards by permission, segment navigation and pending-item notifications on the bell', async ({
  browser,
}) => {
  const title = `Alvará de funcionamento ${uniqueSuffix()}`;
  const item = await raise(title, { submit: true });

  // The supervisor hears of the submission and follows the bell to it.
  const page = await pageAs(browser, supervisor);
  await page.goto('/pendencias/painel');
  await expect(page.getByTestId('page-title')).toHaveText('Painel de pendências');
  await expect(page.getByTestId('pending-chart-status')).toBeVisible();
  await page.getByTestId('pending-dashboard-tab-supervisor').click();
  const queue = Number(await page.getByTestId('pending-kpi-approval-queue-value').textContent());
  expect(queue).toBeGreaterThan(0);
  await expect(page.getByTestId('pending-chart-weeks')).toBeVisible();
  await expect(page.getByTestId('pending-dashboard-tab-operator')).toBeVisible();

  await page.getByTestId('notification-bell-button').click();
  const notification = page.getByTestId('notification-item').filter({ hasText: title });
  await expect(notification).toContainText('para aprovação');
  await notification.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/pendencias/${item.id}$`));
  await expect(page.getByTestId('page-title')).toHaveText(title);

  // The operator's own figures lead to the list.
  const agentPage = await pageAs(browser, agent);
  await agentPage.goto('/pendencias/painel');
  await agentPage.getByTestId('pending-dashboard-tab-operator').click();
  await expect(agentPage.getByTestId('pending-kpi-mine')).toBeVisible();
  await expect(agentPage.getByTestId('pending-dashboard-tab-supervisor')).toHaveCount(0);
  await agentPage.getByTestId('pending-kpi-mine').click();
  await expect(agentPage).toHaveURL(/\/pendencias\?operator_id=me$/);
  await expect(row(agentPage, item)).toBeVisible();

  // Segments, each opening the list filtered by it.
  await agentPage.getByTestId('nav-pending-segments').click();
  await expect(agentPage.getByTestId('page-title')).toHaveText('Pendências por segmento');
  const segment = agentPage.getByTestId('pending-segment-row').filter({ hasText: 'Contabilidade' });
  expect(Number(await segment.getByTestId('pending-segment-count').textContent())).toBeGreaterThan(0);
  await segment.getByTestId('pending-segment-link').click();
  await expect(agentPage).toHaveURL(/segment_id=/);
  await expect(agentPage.getByTestId('pending-segment-shown')).toContainText('Contabilidade');
  await expect(row(agentPage, item)).toBeVisible();

  // The client has the general dashboard only.
  const clientPage = await pageAs(browser, client);
  await clientPage.goto('/pendencias/painel');
  await expect(clientPage.getByTestId('pending-dashboard-general')).toBeVisible();
  await expect(clientPage.getByTestId('pending-dashboard-tab-operator')).toHaveCount(0);
  await expect(clientPage.getByTestId('pending-dashboard-tab-supervisor')).toHaveCount(0);
});
