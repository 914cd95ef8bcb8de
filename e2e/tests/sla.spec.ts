// Issue 5 in the browser: an administrator sets business hours (a 24-hour
// calendar, so the deadline does not depend on when the suite runs) and an
// SLA policy for urgent tickets of one client company, through the UI. The
// agent (Camila Ribeiro) opens an urgent ticket for that company, takes it,
// and sees its due time on the ticket, on the board and in the list. The
// server's clock is then moved forward (POST /api/v1/test/clock, debug
// builds only): the job worker fires the SLA warning, the board card turns
// "Em risco" by itself and the bell counts the notification. Then the
// notification preferences and the SLA report.
//
// The policy is limited to a company created here, so the tickets of the
// other specs get no SLA. The clock moves 6 minutes in all and cannot go
// back: the specs that run after this one on the same server (files run in
// name order) see the server 6 minutes ahead of the browser. Sessions and
// stream tokens are issued by the server's clock, so that is harmless;
// TOTP codes are not (they follow the real time), so MFA belongs in specs
// that run before this one (identity.spec.ts).
import { APIRequestContext, Browser, BrowserContext, expect, Page, test } from '@playwright/test';
import {
  apiLogin,
  bearer,
  DEMO_ADMIN,
  DEMO_PASSWORD,
  randomCnpj,
  TokenPair,
  uniqueSuffix,
  useSession,
} from './support';

const AGENT = 'agente@atende.demo';
const CLIENT_LEAD = 'cliente.supervisor@atende.demo';
/** The time zone of the demo users (and of the calendar). */
const ZONE = 'America/Sao_Paulo';

let api: APIRequestContext;
let admin: TokenPair;
let agent: TokenPair;
const contexts: BrowserContext[] = [];

const suffix = uniqueSuffix();
const companyName = `Transportes Prazo Certo ${suffix}`;
const calendarName = `Plantão 24 horas ${suffix}`;
const policyName = `Urgentes Prazo Certo ${suffix}`;
const lowPolicyName = `Baixa Prazo Certo ${suffix}`;
const subject = `Caminhão parado na balança ${suffix}`;
let companyId = '';
let calendarId = '';
let ticketId = '';
let ticketNumber = 0;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  admin = await apiLogin(api, DEMO_ADMIN, DEMO_PASSWORD);
  agent = await apiLogin(api, AGENT, DEMO_PASSWORD);
  // A client company of Contábil Horizonte (the agent's consultancy).
  const consultancies = await api.get('/api/v1/companies?kind=consultancy&limit=100', {
    headers: bearer(admin),
  });
  expect(consultancies.status(), await consultancies.text()).toBe(200);
  const horizonte = (await consultancies.json()).items.find(
    (c: { trade_name?: string }) => c.trade_name === 'Contábil Horizonte',
  );
  expect(horizonte, 'the demo consultancy Contábil Horizonte').toBeTruthy();
  const created = await api.post('/api/v1/companies', {
    headers: bearer(admin),
    data: {
      kind: 'client',
      consultancy_id: horizonte.id,
      legal_name: `${companyName} Ltda`,
      trade_name: companyName,
      cnpj: randomCnpj()[1],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  companyId = (await created.json()).id;
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await api.dispose();
});

/** A page of a fresh browser context signed in with `session`, wide
 * enough for the whole board. */
async function pageAs(browser: Browser, session: TokenPair): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
  contexts.push(context);
  await useSession(context, session);
  return context.newPage();
}

/** Opens `path` and waits until the page's event stream is connected. */
async function gotoLive(page: Page, path: string): Promise<void> {
  const stream = page.waitForResponse(
    (response) => response.url().includes('/api/v1/events/stream?') && response.status() === 200,
  );
  await page.goto(path);
  await stream;
}

/** `dd/mm HH:MM` of an instant in São Paulo, as the cards show it. */
function dayMonthTime(instant: string): string {
  const parts = new Intl.DateTimeFormat('pt-BR', {
    timeZone: ZONE,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')} ${part('hour')}:${part('minute')}`;
}

/** `dd/mm/aaaa HH:MM` of an instant in São Paulo, as the ticket page
 * shows it. */
function dateTime(instant: string): string {
  const date = new Date(instant).toLocaleDateString('pt-BR', { timeZone: ZONE });
  return `${date} ${dayMonthTime(instant).slice(6)}`;
}

/** Today's `dd/mm` in São Paulo. */
function todayDayMonth(): string {
  return dayMonthTime(new Date().toISOString()).slice(0, 5);
}

async function unreadCount(session: TokenPair): Promise<number> {
  const response = await api.get('/api/v1/notifications/unread-count', { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).count;
}

test('the SLA screens are in the menu only for who may manage them', async ({ browser }) => {
  const adminPage = await pageAs(browser, admin);
  await adminPage.goto('/');
  await expect(adminPage.getByTestId('nav-calendars')).toHaveText('Calendários');
  await expect(adminPage.getByTestId('nav-sla-policies')).toHaveText('Políticas de SLA');
  await expect(adminPage.getByTestId('nav-reports')).toHaveText('Relatório de SLA');

  const agentPage = await pageAs(browser, agent);
  await agentPage.goto('/');
  await expect(agentPage.getByTestId('nav-workspace')).toBeVisible();
  await expect(agentPage.getByTestId('nav-calendars')).toHaveCount(0);
  await expect(agentPage.getByTestId('nav-sla-policies')).toHaveCount(0);
  await agentPage.goto('/gerenciar/sla');
  await expect(agentPage.getByTestId('no-access')).toBeVisible();
});

test('an administrator sets business hours and an SLA policy through the UI', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await pageAs(browser, admin);
  await page.goto('/');
  await page.getByTestId('nav-calendars').click();
  await expect(page.getByTestId('page-title')).toHaveText('Calendários de atendimento');
  // A fresh database has no calendar, so no policy can be made yet.
  await expect(page.getByTestId('calendars-empty')).toBeVisible();

  await page.getByTestId('calendar-create-open').click();
  const form = page.getByTestId('calendar-form');
  await form.getByTestId('calendar-name').fill(calendarName);
  // A new calendar starts with office hours: two intervals Monday to Friday.
  const monday = form.locator('[data-testid="calendar-day"][data-day="0"]');
  const sunday = form.locator('[data-testid="calendar-day"][data-day="6"]');
  await expect(monday.getByTestId('calendar-interval')).toHaveCount(2);
  await expect(sunday.getByTestId('calendar-day-closed')).toHaveText('Fechado');
  // Monday becomes the whole day…
  await monday.getByTestId('interval-remove').nth(1).click();
  await expect(monday.getByTestId('calendar-interval')).toHaveCount(1);
  await monday.getByTestId('interval-start').fill('00:00');
  await monday.getByTestId('interval-end').fill('25:00');
  // …a typo is caught before anything is sent…
  await form.getByTestId('calendar-submit').click();
  await expect(form.getByTestId('calendar-problem')).toContainText(
    'Segunda-feira: “25:00” não é um horário HH:MM entre 00:00 e 24:00.',
  );
  await monday.getByTestId('interval-end').fill('24:00');
  // …and is copied to every day.
  await monday.getByTestId('day-copy-all').click();
  await expect(sunday.getByTestId('calendar-interval')).toHaveCount(1);
  await expect(sunday.getByTestId('interval-start')).toHaveValue('00:00');
  await expect(sunday.getByTestId('interval-end')).toHaveValue('24:00');
  // Holidays: none that could fall today (the deadline must not move).
  await expect(form.getByTestId('calendar-national')).toBeChecked();
  await form.getByTestId('calendar-national').uncheck();
  const state = todayDayMonth() === '09/07' ? 'RJ' : 'SP';
  await form.getByTestId(`calendar-state-${state}`).check();
  await form.getByTestId('calendar-custom-date').fill('24/12/2030');
  await form.getByTestId('calendar-custom-add').click();
  await expect(form.getByTestId('calendar-custom-item')).toHaveText(['24/12/2030×']);
  await form.getByTestId('calendar-default').check();
  await form.getByTestId('calendar-submit').click();

  const card = page.locator(`[data-testid="calendar-card"][data-name="${calendarName}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId('calendar-hours')).toHaveText('todos os dias: 00:00–24:00');
  await expect(card.getByTestId('calendar-holidays')).toHaveText(
    `Feriados estaduais: ${state} · 1 data(s) específica(s)`,
  );
  await expect(card.getByTestId('calendar-default-badge')).toHaveText('Padrão');
  await expect(card.getByTestId('calendar-time-zone-text')).toHaveText(ZONE);
  // What the server stored.
  const calendars = await api.get('/api/v1/sla/calendars', { headers: bearer(admin) });
  expect(calendars.status()).toBe(200);
  const calendar = (await calendars.json()).find((c: { name: string }) => c.name === calendarName);
  expect(calendar).toBeTruthy();
  calendarId = calendar.id;
  expect(calendar.week).toEqual(Array(7).fill([{ start: '00:00', end: '24:00' }]));
  expect(calendar.national_holidays).toBe(false);
  expect(calendar.states).toEqual([state]);
  expect(calendar.custom_holidays).toEqual(['2030-12-24']);
  expect(calendar.time_zone).toBe(ZONE);

  // The SLA policy: urgent tickets of the new company.
  await page.getByTestId('nav-sla-policies').click();
  await expect(page.getByTestId('page-title')).toHaveText('Políticas de SLA');
  await expect(page.getByTestId('policies-empty')).toBeVisible();
  await page.getByTestId('policy-create-open').click();
  const policyForm = page.getByTestId('policy-form');
  await policyForm.getByTestId('policy-name').fill(policyName);
  await expect(policyForm.getByTestId('policy-calendar')).toHaveValue(calendarId);
  await policyForm.getByTestId('policy-priority-urgent').check();
  await policyForm.getByTestId('policy-companies').getByLabel(companyName).check();
  await policyForm.getByTestId('policy-first-response-minutes').fill('10');
  await policyForm.getByTestId('policy-resolution-hours').fill('2');
  await policyForm.getByTestId('policy-warn-percent').fill('150');
  await policyForm.getByTestId('policy-submit').click();
  await expect(policyForm).toContainText('O alerta deve ficar entre 1% e 99% do prazo.');
  await policyForm.getByTestId('policy-warn-percent').fill('50');
  await policyForm.getByTestId('policy-notify-supervisors').check();
  await policyForm.getByTestId('policy-submit').click();

  const policyCard = page.locator(`[data-testid="policy-card"][data-name="${policyName}"]`);
  await expect(policyCard).toBeVisible();
  await expect(policyCard.getByTestId('policy-conditions')).toHaveText(
    `Prioridades: Urgente · Empresas clientes: ${companyName}`,
  );
  await expect(policyCard.getByTestId('policy-targets')).toHaveText(
    'Primeira resposta: 10 min · Resolução: 2 h (alerta em 50%)',
  );
  await expect(policyCard.getByTestId('policy-calendar-name')).toHaveText(calendarName);
  await expect(policyCard.getByTestId('policy-escalation')).toHaveText(
    'Avisar também os supervisores da empresa',
  );
  const policies = await api.get('/api/v1/sla/policies', { headers: bearer(admin) });
  const stored = (await policies.json()).find((p: { name: string }) => p.name === policyName);
  expect(stored).toMatchObject({
    calendar_id: calendarId,
    first_response_minutes: 10,
    resolution_minutes: 120,
    warn_percent: 50,
    conditions: { company_ids: [companyId], priorities: ['urgent'] },
    escalation: { notify_supervisors: true, raise_priority: false },
  });

  // A second policy goes below the first; moved up, it comes first; then
  // it is deleted and the urgent one is first again.
  await page.getByTestId('policy-create-open').click();
  const second = page.getByTestId('policy-form');
  await second.getByTestId('policy-name').fill(lowPolicyName);
  await second.getByTestId('policy-priority-low').check();
  await second.getByTestId('policy-companies').getByLabel(companyName).check();
  await second.getByTestId('policy-resolution-hours').fill('8');
  await second.getByTestId('policy-submit').click();
  const names = page.getByTestId('policy-card').locator('.card__title');
  await expect(names).toHaveText([policyName, lowPolicyName]);
  await page
    .locator(`[data-testid="policy-card"][data-name="${lowPolicyName}"]`)
    .getByTestId('policy-up')
    .click();
  await expect(names).toHaveText([lowPolicyName, policyName]);
  const low = page.locator(`[data-testid="policy-card"][data-name="${lowPolicyName}"]`);
  await low.getByTestId('policy-delete').click();
  await low.getByTestId('policy-delete-confirm').click();
  await expect(names).toHaveText([policyName]);
});

test('a new urgent ticket shows its due time; with the clock advanced its card turns "Em risco" and the bell rings', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const page = await pageAs(browser, agent);
  await page.goto('/chamados/novo');
  await expect(page.getByTestId('page-title')).toHaveText('Novo chamado');
  await page.getByTestId('new-ticket-company').selectOption(companyId);
  await page.getByTestId('new-ticket-subject').fill(subject);
  await page
    .getByTestId('new-ticket-description')
    .fill('O caminhão da rota 12 está retido na balança por falta da nota fiscal.');
  await page.getByTestId('new-ticket-priority').selectOption('urgent');
  await page.getByTestId('new-ticket-submit').click();
  await expect(page.getByTestId('ticket-created')).toBeVisible();
  await expect(page.getByTestId('page-title')).toHaveText(subject);
  ticketId = /\/chamados\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  expect(ticketId).not.toBe('');
  const reference = ((await page.getByTestId('ticket-reference').textContent()) ?? '').trim();
  ticketNumber = Number(reference.slice(1));

  // The policy applies: 10 business minutes to answer, 24-hour calendar.
  const opened = await (
    await api.get(`/api/v1/tickets/${ticketId}`, { headers: bearer(agent) })
  ).json();
  expect(opened.sla.state).toBe('ok');
  const dueMs = Date.parse(opened.sla.due_at) - Date.parse(opened.created_at);
  expect(Math.abs(dueMs - 10 * 60_000)).toBeLessThan(60_000);
  const due = dayMonthTime(opened.sla.due_at);

  const panel = page.getByTestId('ticket-sla-panel');
  await expect(panel.getByTestId('sla-policy')).toHaveText(policyName);
  await expect(panel.getByTestId('sla-state')).toHaveText('No prazo');
  const firstResponse = panel.locator('[data-testid="sla-target"][data-kind="first_response"]');
  await expect(firstResponse).toHaveAttribute('data-state', 'ok');
  await expect(firstResponse).toContainText('Primeira resposta');
  await expect(firstResponse).toContainText('Meta: 10 min');
  await expect(firstResponse).toContainText(`Vence em ${dateTime(opened.sla.due_at)}`);
  await expect(panel.locator('[data-testid="sla-target"][data-kind="resolution"]')).toContainText(
    'Meta: 2 h',
  );
  await expect(panel.getByTestId('sla-period')).toHaveCount(1);
  await expect(panel.getByTestId('sla-period')).toContainText('Correndo desde');
  await expect(panel.getByTestId('sla-period')).toContainText('(abertura do chamado)');

  // The agent takes the ticket: the warning goes to its assignee.
  await page.getByTestId('ticket-assignee-select').selectOption({ label: 'Camila Ribeiro (eu)' });
  await expect
    .poll(async () => {
      const t = await (await api.get(`/api/v1/tickets/${ticketId}`, { headers: bearer(agent) })).json();
      return t.assignee?.name;
    })
    .toBe('Camila Ribeiro');

  // The list shows the badge and the due time.
  await page.goto('/atendimento/lista');
  const row = page.locator(`[data-testid="workspace-row"][data-number="${ticketNumber}"]`);
  await expect(row.getByTestId('ticket-sla-state')).toHaveText('No prazo');
  await expect(row.getByTestId('ticket-sla-due')).toHaveText(`vence ${due}`);

  // The board, live.
  await gotoLive(page, '/atendimento');
  await page.evaluate(() => {
    (window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true;
  });
  const card = page.locator(`[data-testid="board-card"][data-number="${ticketNumber}"]`);
  await expect(card.getByTestId('ticket-sla')).toHaveAttribute('data-state', 'ok');
  await expect(card.getByTestId('ticket-sla-state')).toHaveText('No prazo');
  await expect(card.getByTestId('ticket-sla-due')).toHaveText(`vence ${due}`);
  const before = await unreadCount(agent);
  await expect(page.getByTestId('notification-bell')).toBeVisible();

  // Six minutes later (warning at 50% of 10): the worker fires the alert.
  const advanced = await api.post('/api/v1/test/clock', {
    headers: bearer(admin),
    data: { advance_minutes: 6 },
  });
  expect(advanced.status(), await advanced.text()).toBe(200);

  await expect(card.getByTestId('ticket-sla')).toHaveAttribute('data-state', 'at_risk', {
    timeout: 15_000,
  });
  await expect(card.getByTestId('ticket-sla-state')).toHaveText('Em risco');
  await expect(card.getByTestId('ticket-sla-due')).toHaveText(`vence ${due}`);
  await expect(page.getByTestId('notification-count')).toHaveText(String(before + 1));
  // No reload: the stream brought it.
  expect(
    await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument),
  ).toBe(true);

  await page.getByTestId('notification-bell-button').click();
  const notification = page
    .getByTestId('notification-item')
    .filter({ hasText: `SLA em risco em ${reference} (Primeira resposta): ${subject}` });
  await expect(notification).toHaveCount(1);
  // It leads to the ticket, whose SLA panel and timeline tell the same.
  await notification.getByRole('link').click();
  await expect(page.getByTestId('page-title')).toHaveText(subject);
  await expect(
    page.locator('[data-testid="sla-target"][data-kind="first_response"]'),
  ).toHaveAttribute('data-state', 'at_risk');
  await expect(page.getByTestId('sla-state')).toHaveText('Em risco');
  await expect(
    page.locator('[data-testid="timeline-event"][data-kind="sla_warning"]'),
  ).toHaveText(/Atende: SLA em risco \(Primeira resposta\)/);

  // The filter builder finds it among the tickets at risk.
  await page.goto('/atendimento/lista');
  await page.getByTestId('filter-more').click();
  await page.getByTestId('filter-sla-at_risk').check();
  await page.getByTestId('filter-apply').click();
  await expect(page).toHaveURL(/\/atendimento\/lista/);
  const rows = page.getByTestId('workspace-row');
  await expect(rows.filter({ hasText: subject })).toHaveCount(1);
  await expect
    .poll(async () => [...new Set(await rows.getByTestId('ticket-sla-state').allTextContents())])
    .toEqual(['Em risco']);
  // And not among those on track.
  await page.getByTestId('filter-sla-at_risk').uncheck();
  await page.getByTestId('filter-sla-ok').check();
  await page.getByTestId('filter-apply').click();
  await expect(
    page.getByTestId('workspace-empty').or(page.getByTestId('workspace-table')),
  ).toBeVisible();
  await expect(page.locator(`[data-testid="workspace-row"][data-number="${ticketNumber}"]`)).toHaveCount(0);
  await page.getByTestId('filter-clear').click();
});

test('notification preferences are chosen per event, by e-mail and in the app', async ({ browser }) => {
  const lead = await apiLogin(api, CLIENT_LEAD, DEMO_PASSWORD);
  const page = await pageAs(browser, lead);
  await page.goto('/');
  // The header's "Notificações" opens the notifications; the preferences
  // are one click further.
  await page.getByTestId('user-notifications').click();
  await expect(page).toHaveURL(/\/notificacoes$/);
  await expect(page.getByTestId('page-title')).toHaveText('Notificações');
  await page.getByTestId('notifications-preferences').click();
  await expect(page).toHaveURL(/\/minha-conta\/notificacoes$/);
  await expect(page.getByTestId('page-title')).toHaveText('Preferências de notificação');
  // One row per event the server knows, the ticket events first.
  const listed = await api.get('/api/v1/me/notification-preferences', { headers: bearer(lead) });
  const events = ((await listed.json()) as { event: string }[]).map((p) => p.event);
  expect(events.length).toBeGreaterThanOrEqual(8);
  const rows = page.getByTestId('pref-row');
  await expect(rows).toHaveCount(events.length);
  await expect(rows.first()).toHaveAttribute('data-event', 'created');
  await expect(rows.nth(7)).toHaveAttribute('data-event', 'sla_breach');
  await expect(page.locator('[data-testid="pref-row"][data-event="sla_warning"]')).toContainText(
    'SLA em risco',
  );
  // The defaults: the confirmation of one's own ticket by e-mail only.
  await expect(page.getByTestId('pref-email-created')).toBeChecked();
  await expect(page.getByTestId('pref-in-app-created')).not.toBeChecked();
  await expect(page.getByTestId('pref-email-status_changed')).toBeChecked();

  await page.getByTestId('pref-email-status_changed').uncheck();
  await page.getByTestId('pref-in-app-created').check();
  await page.getByTestId('prefs-save').click();
  await expect(page.getByTestId('prefs-saved')).toHaveText('Preferências salvas.');

  const saved = await api.get('/api/v1/me/notification-preferences', { headers: bearer(lead) });
  const byEvent = Object.fromEntries(
    ((await saved.json()) as { event: string; email: boolean; in_app: boolean }[]).map((p) => [
      p.event,
      p,
    ]),
  );
  expect(byEvent.status_changed).toMatchObject({ email: false, in_app: true });
  expect(byEvent.created).toMatchObject({ email: true, in_app: true });

  // Kept across a reload; then put back as they were.
  await page.reload();
  await expect(page.getByTestId('pref-email-status_changed')).not.toBeChecked();
  await expect(page.getByTestId('pref-in-app-created')).toBeChecked();
  await page.getByTestId('pref-email-status_changed').check();
  await page.getByTestId('pref-in-app-created').uncheck();
  await page.getByTestId('prefs-save').click();
  await expect(page.getByTestId('prefs-saved')).toBeVisible();
  const restored = await api.get('/api/v1/me/notification-preferences', { headers: bearer(lead) });
  const back = ((await restored.json()) as { event: string; email: boolean; in_app: boolean }[]).find(
    (p) => p.event === 'status_changed',
  );
  expect(back?.email).toBe(true);

  // "Minha conta" leads there too (the user menu folds away on a phone).
  await page.goto('/minha-conta');
  await page.getByTestId('account-notification-preferences').click();
  await expect(page.getByTestId('page-title')).toHaveText('Preferências de notificação');
});

test('the SLA report groups the period\'s tickets and draws them', async ({ browser }) => {
  const page = await pageAs(browser, admin);
  await page.goto('/');
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('page-title')).toHaveText('Relatório de SLA');
  await expect(page.getByTestId('report-group-by')).toHaveValue('company');
  // The company of this spec has exactly the one ticket, not breached.
  const companyRow = page.locator(`[data-testid="report-row"][data-key="${companyId}"]`);
  await expect(companyRow.locator('th')).toHaveText(companyName);
  await expect(companyRow.getByTestId('report-tickets')).toHaveText('1');
  await expect(companyRow.getByTestId('report-breached')).toHaveText('0');
  await expect(
    page.locator(`[data-testid="report-chart-met-row"][data-key="${companyId}"]`),
  ).toHaveCount(1);
  await expect(page.getByTestId('report-chart-times')).toBeVisible();
  const total = Number(await page.getByTestId('report-kpi-tickets-value').textContent());
  expect(total).toBeGreaterThanOrEqual(1);

  // By priority: "Urgente" is one of the groups.
  await page.getByTestId('report-group-by').selectOption('priority');
  const urgent = page.locator('[data-testid="report-row"][data-key="urgent"]');
  await expect(urgent.locator('th')).toHaveText('Urgente');
  expect(Number(await urgent.getByTestId('report-tickets').textContent())).toBeGreaterThanOrEqual(1);

  // A period that ends before it starts is refused here.
  await page.getByTestId('report-from').fill('02/01/2030');
  await page.getByTestId('report-to').fill('01/01/2030');
  await page.getByTestId('report-apply').click();
  await expect(page.getByTestId('report-period-problem')).toHaveText(
    'A data inicial deve vir antes da final.',
  );
});
