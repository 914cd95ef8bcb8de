// Automation rules (issue 15), end to end in Chromium with the demo users:
// the supervisor (Bruno Carvalho) opens Gerenciar → Automações and builds a
// routing rule in the editor ("ao criar", text contains "folha de
// pagamento" → assign a team), seeing first what the server refuses named
// in words; the client (Eduardo Lima) signs in and opens a ticket about the
// payroll; the supervisor finds it in the team with the firing on its
// history (the server runs rules asynchronously, so the page is reloaded
// until it shows), the rule's 7-day count and last firing in the list, and
// the dry run of that ticket with each condition and what it saw. The list
// is also reordered, switched off and on, and a rule deleted with
// confirmation; list and editor fit at 1366×850 and on a 390×844 phone.
import { APIRequestContext, Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { apiLogin, bearer, DEMO_PASSWORD, TokenPair, uniqueSuffix, useSession } from './support';

const SUPERVISOR = 'supervisor@atende.demo';
const CLIENT = 'cliente@atende.demo';
const DESKTOP = { width: 1366, height: 850 };
const PHONE = { width: 390, height: 844 };

const suffix = uniqueSuffix();
const TEAM = `Folha de pagamento ${suffix}`;
const RULE = `Folha para a equipe de folha ${suffix}`;
const OTHER_RULE = `Etiquetar urgências ${suffix}`;
const SUBJECT = `Dúvida sobre a folha de pagamento de março ${suffix}`;

let api: APIRequestContext;
let supervisor: TokenPair;
let teamId = '';
let ticketId = '';
let ticketNumber = 0;
/** Rules this spec made, deleted at the end so later specs are not routed. */
const createdRules = new Set<string>();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  supervisor = await apiLogin(api, SUPERVISOR, DEMO_PASSWORD);
  // The demo data of the browser tests has no teams: the payroll team.
  const team = await api.post('/api/v1/teams', {
    headers: bearer(supervisor),
    data: { name: TEAM, assignment: 'manual', members: [] },
  });
  expect(team.status(), await team.text()).toBe(201);
  teamId = (await team.json()).id;
});

test.afterAll(async () => {
  const session = await apiLogin(api, SUPERVISOR, DEMO_PASSWORD);
  for (const id of createdRules) {
    await api.delete(`/api/v1/automation/rules/${id}`, { headers: bearer(session) });
  }
  await api.dispose();
});

async function pageAs(browser: Browser, session: TokenPair, size = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport: size });
  await useSession(context, session);
  return context.newPage();
}

async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** What sticks out sideways in the main content (see first-day.spec.ts). */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
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
    const selector =
      '.table-wrap, table, ul, ol, .card, .form, .fieldset, .rule-row, .dry-run__rule, select, input, textarea';
    for (const element of Array.from(main.querySelectorAll<HTMLElement>(selector))) {
      if (element.closest('.visually-hidden')) continue;
      const name = `${element.tagName.toLowerCase()}.${element.className || '(no class)'}${element.dataset.testid ? `[${element.dataset.testid}]` : ''}`;
      const scrolls =
        !['SELECT', 'INPUT', 'TEXTAREA'].includes(element.tagName) &&
        element.scrollWidth > element.clientWidth + 1 &&
        !element.classList.contains('rule-choices__list');
      if (scrolls) problems.push(`${name} scrolls: ${element.scrollWidth} > ${element.clientWidth}`);
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 1) {
        problems.push(`${name} sticks out: right ${Math.round(box.right)} > ${Math.round(right)}`);
      }
    }
    return problems;
  });
}

function ruleRow(page: Page, name: string) {
  return page.locator(`[data-testid="rule-row"][data-name="${name}"]`);
}

test('a supervisor builds a routing rule; a matching client ticket lands in the team with the firing on its history; the dry run explains it', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = await pageAs(browser, supervisor);

  // Gerenciar → Automações.
  await page.goto('/');
  await page.getByTestId('nav-automation').click();
  await expect(page).toHaveURL(/\/gerenciar\/automacoes$/);
  await expect(page.getByTestId('page-title')).toHaveText('Automações');
  await expect(page.getByTestId('dry-run')).toBeVisible();

  // The editor: a name, "ao criar", one condition and one action.
  await page.getByTestId('rule-create-open').click();
  const form = page.getByTestId('rule-form');
  await form.getByTestId('rule-name-input').fill(RULE);
  await expect(form.getByTestId('when-created')).toBeChecked();
  await expect(form.getByTestId('when-by')).toBeVisible();
  await form.getByTestId('condition-add-all').click();
  const condition = form.getByTestId('conditions-all').getByTestId('condition-row');
  await expect(condition).toHaveCount(1);
  await condition.getByTestId('condition-field').selectOption('text');
  await expect(condition.getByTestId('condition-operator')).toHaveValue('contains');
  await form.getByTestId('action-add').click();
  const action = form.getByTestId('action-row');
  await action.getByTestId('action-kind').selectOption('assign_team');

  // Saved with the text still empty: the server names the condition.
  await form.getByTestId('rule-submit').click();
  const textError = form.locator('[data-testid="rule-error"][data-path="conditions.all[0].value"]');
  await expect(textError).toContainText('Condição 1 de «Todas estas»');
  // In Portuguese, beside the condition too.
  await expect(textError).toContainText('Escreva um texto de 1 a 200 caracteres.');
  await expect(condition).toHaveAttribute('aria-invalid', 'true');
  await expect(condition.getByTestId('condition-error')).toBeVisible();

  // Then the action without its team.
  await condition.getByTestId('condition-text').fill('folha de pagamento');
  await form.getByTestId('rule-submit').click();
  const teamError = form.locator('[data-testid="rule-error"][data-path^="actions[0]"]');
  await expect(teamError).toContainText('Ação 1');
  await expect(teamError).toContainText('Escolha um item da lista.');
  await expect(condition).not.toHaveAttribute('aria-invalid', 'true');
  await expect(action).toHaveAttribute('aria-invalid', 'true');

  await action.getByTestId('action-team').selectOption({ label: TEAM });
  await expect(action.getByTestId('action-assignment')).toHaveValue('team_default');
  await keepScreenshot(page, testInfo, 'rule-editor-1366x850');
  expect(await overflows(page), 'editor at 1366x850').toEqual([]);
  await form.getByTestId('rule-submit').click();
  await expect(form).toHaveCount(0);

  // In the list, enabled, never fired yet.
  const row = ruleRow(page, RULE);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-enabled', 'true');
  await expect(row.getByTestId('rule-summary')).toContainText('Ao criar o chamado');
  await expect(row.getByTestId('rule-summary')).toContainText('Atribuir equipe');
  await expect(row.getByTestId('rule-fired-7d')).toHaveText('0');
  await expect(row.getByTestId('rule-last-fired')).toHaveText('Nunca');
  const ruleId = (await row.getAttribute('data-id')) ?? '';
  expect(ruleId).not.toBe('');
  createdRules.add(ruleId);

  // The client signs in and opens a ticket about the payroll.
  const clientContext = await browser.newContext({ viewport: DESKTOP });
  const clientPage = await clientContext.newPage();
  await clientPage.goto('/entrar');
  await clientPage.getByTestId('login-email').fill(CLIENT);
  await clientPage.getByTestId('login-password').fill(DEMO_PASSWORD);
  await clientPage.getByTestId('login-submit').click();
  await expect(clientPage.getByTestId('page-title')).toHaveText(/^Olá, /);
  await clientPage.goto('/chamados/novo');
  await clientPage.getByTestId('new-ticket-subject').fill(SUBJECT);
  await clientPage
    .getByTestId('new-ticket-description')
    .fill('A folha de pagamento deste mês veio com o desconto do vale-transporte em dobro.');
  await clientPage.getByTestId('new-ticket-submit').click();
  await expect(clientPage.getByTestId('ticket-created')).toBeVisible();
  const reference = ((await clientPage.getByTestId('ticket-reference').textContent()) ?? '').trim();
  expect(reference).toMatch(/^#\d{6}$/);
  ticketNumber = Number(reference.slice(1));
  ticketId = /\/chamados\/([0-9a-f-]{36})/.exec(clientPage.url())?.[1] ?? '';
  expect(ticketId).not.toBe('');
  await clientContext.close();

  // The supervisor opens it: the rule runs within about a second.
  await expect(async () => {
    await page.goto(`/chamados/${ticketId}`);
    await expect(page.getByTestId('page-title')).toHaveText(SUBJECT);
    await expect(page.getByTestId('ticket-team-select')).toHaveValue(teamId, { timeout: 2_000 });
    await expect(
      page.locator('[data-testid="timeline-event"][data-kind="rule_fired"]'),
    ).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const firing = page.locator('[data-testid="timeline-event"][data-kind="rule_fired"]');
  await expect(firing).toContainText(`Regra «${RULE}» aplicada: atribuir equipe`);
  await expect(firing).toContainText(/texto: «folh\S* pagament\S*»/);
  // The condition's mark is drawn (SVG), not a font glyph.
  await expect(firing.locator('[data-testid="condition-mark"][data-met="true"] svg')).toHaveCount(1);
  // The team change itself is on the history too.
  await expect(
    page.locator('[data-testid="timeline-event"][data-kind="team_changed"]'),
  ).toContainText(TEAM);
  await keepScreenshot(page, testInfo, 'ticket-with-rule-firing-1366x850');

  // The list counts the firing.
  await page.getByTestId('nav-automation').click();
  await expect(page.getByTestId('page-title')).toHaveText('Automações');
  await expect(ruleRow(page, RULE).getByTestId('rule-fired-7d')).toHaveText('1');
  await expect(ruleRow(page, RULE).getByTestId('rule-last-fired')).toHaveText(
    /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
  );

  // The dry run on that ticket: the rule, its condition met, what it saw.
  await page.getByTestId('dry-run-ticket').fill(reference);
  await page.getByTestId('dry-run-submit').click();
  const result = page.getByTestId('dry-run-result');
  await expect(result).toHaveAttribute('data-reference', reference);
  await expect(result).toContainText(`Chamado ${reference}`);
  const tried = result.locator(`[data-testid="dry-run-rule"][data-name="${RULE}"]`);
  await expect(tried).toHaveAttribute('data-conditions-met', 'true');
  const tested = tried.getByTestId('dry-run-condition');
  await expect(tested).toHaveCount(1);
  await expect(tested).toHaveAttribute('data-path', 'conditions.all[0]');
  await expect(tested).toHaveAttribute('data-matched', 'true');
  await expect(tested.getByTestId('dry-run-condition-text')).toHaveText('Texto contém');
  await expect(tested.getByTestId('dry-run-actual')).toHaveText(/^«folh\S* pagament\S*»$/);
  await expect(tested.locator('[data-testid="condition-mark"][data-met="true"]')).toContainText('atende');
  // By number without the "#" too.
  await page.getByTestId('dry-run-ticket').fill(String(ticketNumber));
  await page.getByTestId('dry-run-submit').click();
  await expect(result.locator(`[data-testid="dry-run-rule"][data-name="${RULE}"]`)).toBeVisible();
  await keepScreenshot(page, testInfo, 'automation-dry-run-1366x850');
  expect(await overflows(page), 'list and dry run at 1366x850').toEqual([]);
  await page.context().close();
});

test('rules are reordered, switched off and on, and deleted with confirmation; list and editor fit on a phone', async ({
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  // A second rule, made through the API, goes last.
  const made = await api.post('/api/v1/automation/rules', {
    headers: bearer(supervisor),
    data: {
      name: OTHER_RULE,
      when: { on: 'updated', events: ['priority_changed'], by: ['agent'] },
      conditions: {
        all: [{ field: 'priority', operator: 'is', value: ['urgent'] }],
        any: [{ field: 'tags', operator: 'contains_none', value: ['urgente'] }],
      },
      actions: [{ type: 'add_tags', value: ['urgente'] }],
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const other = await made.json();
  createdRules.add(other.id);

  const page = await pageAs(browser, supervisor);
  await page.goto('/gerenciar/automacoes');
  const rows = page.getByTestId('rule-row');
  await expect(ruleRow(page, OTHER_RULE)).toBeVisible();
  const names = async () => rows.evaluateAll((list) => list.map((r) => r.getAttribute('data-name')));
  const before = await names();
  expect(before.indexOf(OTHER_RULE)).toBe(before.length - 1);
  await expect(ruleRow(page, OTHER_RULE).getByTestId('rule-down')).toBeDisabled();

  // Up one place: the whole order is sent, and the list follows it.
  await ruleRow(page, OTHER_RULE).getByTestId('rule-up').click();
  await expect.poll(async () => (await names()).indexOf(OTHER_RULE)).toBe(before.length - 2);
  const listed = await api.get('/api/v1/automation/rules', { headers: bearer(supervisor) });
  const order: string[] = (await listed.json()).map((r: { name: string }) => r.name);
  expect(order.indexOf(OTHER_RULE)).toBe(before.length - 2);
  await page.reload();
  await expect.poll(async () => (await names()).indexOf(OTHER_RULE)).toBe(before.length - 2);

  // Off and on again.
  const toggle = ruleRow(page, OTHER_RULE).getByTestId('rule-toggle');
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(ruleRow(page, OTHER_RULE)).toHaveAttribute('data-enabled', 'false');
  await expect(ruleRow(page, OTHER_RULE).getByTestId('rule-status')).toHaveText('Inativa');
  const switched = await api.get(`/api/v1/automation/rules/${other.id}`, { headers: bearer(supervisor) });
  expect((await switched.json()).enabled).toBe(false);
  await ruleRow(page, OTHER_RULE).getByTestId('rule-toggle').click();
  await expect(ruleRow(page, OTHER_RULE)).toHaveAttribute('data-enabled', 'true');

  // The editor reads the saved rule back.
  await ruleRow(page, OTHER_RULE).getByTestId('rule-edit').click();
  const form = page.getByTestId('rule-form');
  await expect(form.getByTestId('rule-name-input')).toHaveValue(OTHER_RULE);
  await expect(form.getByTestId('when-updated')).toBeChecked();
  await expect(form.getByTestId('when-event-priority_changed')).toBeChecked();
  await expect(form.getByTestId('when-by-agent')).toBeChecked();
  const allRow = form.getByTestId('conditions-all').getByTestId('condition-row');
  await expect(allRow.getByTestId('condition-field')).toHaveValue('priority');
  await expect(allRow.locator('input[value="urgent"]')).toBeChecked();
  const anyRow = form.getByTestId('conditions-any').getByTestId('condition-row');
  await expect(anyRow.getByTestId('condition-operator')).toHaveValue('contains_none');
  await expect(anyRow.getByTestId('condition-tags')).toHaveValue('urgente');
  await expect(form.getByTestId('action-row').getByTestId('action-tags')).toHaveValue('urgente');

  // On a phone: the list becomes cards and nothing sticks out, the
  // editor included.
  await page.setViewportSize(PHONE);
  await expect(form).toBeVisible();
  expect(await overflows(page), 'editor at 390x844').toEqual([]);
  await keepScreenshot(page, testInfo, 'rule-editor-390x844');
  await form.getByTestId('rule-cancel').click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('rules-table')).toBeVisible();
  expect(await overflows(page), 'list at 390x844').toEqual([]);
  // Cards: the table's header row is hidden, each value under its name.
  const header = await page
    .locator('[data-testid="rules-table"] thead')
    .evaluate((e) => e.getBoundingClientRect().height);
  expect(header).toBeLessThanOrEqual(1);
  await keepScreenshot(page, testInfo, 'automation-390x844');

  // Deleting asks first.
  await ruleRow(page, OTHER_RULE).getByTestId('rule-delete').click();
  await ruleRow(page, OTHER_RULE).getByTestId('rule-delete-confirm').click();
  await expect(ruleRow(page, OTHER_RULE)).toHaveCount(0);
  const gone = await api.get(`/api/v1/automation/rules/${other.id}`, { headers: bearer(supervisor) });
  expect(gone.status()).toBe(404);
  createdRules.delete(other.id);
  await expect(ruleRow(page, RULE)).toBeVisible();
  await page.context().close();
});
