// The pending-items journey of the UP380 spec ("Fluxo de Trabalho
// Simplificado"), end to end, as three people with the demo users: the
// operator (Camila Ribeiro) imports a spreadsheet of three items for Pão
// Dourado straight to "aguardando aprovação" through the import wizard;
// the supervisor (Bruno Carvalho) refuses one with a reason and approves
// the other two in bulk from the approval queue; the client (Eduardo
// Lima, Pão Dourado) answers one with a file attached; the operator reads
// the answer, downloads the file and starts processing it ("Iniciar
// tratamento"); the supervisor marks it resolved; the monthly report
// counts it.
import { APIRequestContext, Browser, BrowserContext, expect, Page, test } from '@playwright/test';
import { apiLogin, bearer, DEMO_PASSWORD, TokenPair, uniqueSuffix, useSession } from './support';

const CLIENT = 'cliente@atende.demo';
const AGENT = 'agente@atende.demo';
const SUPERVISOR = 'supervisor@atende.demo';
/** Pão Dourado, the demo client's company (crates/atende-api/src/demo.rs). */
const PAO_DOURADO_CNPJ = '61.204.837/0001-47';

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

async function pageAs(browser: Browser, session: TokenPair): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  contexts.push(context);
  await useSession(context, session);
  return context.newPage();
}

interface Item {
  id: string;
  number: number;
  title: string;
  status: string;
}

function row(page: Page, item: Item) {
  return page.locator(`[data-testid="pending-row"][data-number="${item.number}"]`);
}

/** Items resolved this month at `company`, by the monthly report. */
async function resolvedThisMonth(session: TokenPair, company: string): Promise<number> {
  const response = await api.get('/api/v1/reports/pending-monthly', { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  const rows: { company_id: string; resolved: number }[] = (await response.json()).rows;
  return rows.find((r) => r.company_id === company)?.resolved ?? 0;
}

async function statusOf(id: string, session: TokenPair): Promise<string> {
  const response = await api.get(`/api/v1/pending-items/${id}`, { headers: bearer(session) });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).status;
}

test('UP380: imported by the operator, refused and approved by the supervisor, answered with a file by the client, processed, resolved and reported', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const titles = [
    `Extrato bancário de outubro ${suffix}`,
    `Nota fiscal de serviço ${suffix}`,
    `Guia do FGTS ${suffix}`,
  ];
  const reason = `A guia do FGTS já foi paga em novembro ${suffix}`;
  const answer = `Segue o extrato de outubro do Banco do Brasil ${suffix}.`;
  const fileName = `extrato-${suffix}.png`;
  // What Brazilian Excel writes: `;`, dd/mm/aaaa, 1.234,56.
  const csv = [
    'Título;CNPJ;Descrição;Categoria;Vencimento;Documento;Valor',
    `${titles[0]};${PAO_DOURADO_CNPJ};Enviar o extrato completo da conta corrente.;Contábil;15/12/2030;EXT-${suffix};1.234,56`,
    `${titles[1]};${PAO_DOURADO_CNPJ};Enviar a nota fiscal emitida ao cliente.;Fiscal;20/12/2030;NF-${suffix};350,00`,
    `${titles[2]};${PAO_DOURADO_CNPJ};Enviar o comprovante da guia.;Folha;10/12/2030;FGTS-${suffix};89,90`,
  ].join('\r\n');

  const agent = await apiLogin(api, AGENT, DEMO_PASSWORD);
  const supervisor = await apiLogin(api, SUPERVISOR, DEMO_PASSWORD);
  const client = await apiLogin(api, CLIENT, DEMO_PASSWORD);
  const companies = await api.get('/api/v1/companies?kind=client&limit=200', { headers: bearer(agent) });
  const pao = (await companies.json()).items.find((c: { cnpj: string }) => c.cnpj === PAO_DOURADO_CNPJ);
  expect(pao, 'the agent reaches Pão Dourado').toBeTruthy();
  const resolvedBefore = await resolvedThisMonth(supervisor, pao.id);

  // 1. The operator imports the sheet, straight to "aguardando aprovação".
  const agentPage = await pageAs(browser, agent);
  await agentPage.goto('/pendencias');
  await agentPage.getByTestId('nav-import').click();
  await expect(agentPage).toHaveURL(/\/pendencias\/importar$/);
  await agentPage.getByTestId('import-file').setInputFiles({
    name: `pendencias-${suffix}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf-8'),
  });
  await agentPage.getByTestId('import-target-status').selectOption('awaiting_approval');
  await agentPage.getByTestId('import-upload').click();
  await expect(agentPage.getByTestId('import-mapping')).toBeVisible();
  await agentPage.getByTestId('import-map-next').click();
  await expect(agentPage.getByTestId('import-preview')).toBeVisible();
  await expect(agentPage.getByTestId('import-count-accepted')).toHaveText('3');
  await expect(agentPage.getByTestId('import-count-rejected')).toHaveText('0');
  await agentPage.getByTestId('import-confirm').click();
  await expect(agentPage.getByTestId('import-done')).toBeVisible({ timeout: 30_000 });
  const importId = await agentPage.getByTestId('import-done').getAttribute('data-import-id');
  expect(importId).toBeTruthy();

  // "Ver itens criados" opens the list filtered by the import.
  await agentPage.getByTestId('import-items-link').click();
  await expect(agentPage).toHaveURL(new RegExp(`/pendencias\\?import_id=${importId}`));
  await expect(agentPage.getByTestId('pending-import-filter')).toBeVisible();
  await expect(agentPage.getByTestId('pending-row')).toHaveCount(3);
  const listed = await api.get(`/api/v1/pending-items?import_id=${importId}`, { headers: bearer(agent) });
  const imported: Item[] = (await listed.json()).items;
  const byTitle = (title: string) => {
    const item = imported.find((i) => i.title === title);
    expect(item, title).toBeTruthy();
    return item!;
  };
  const [extrato, nota, fgts] = titles.map(byTitle);
  for (const item of [extrato, nota, fgts]) {
    await expect(row(agentPage, item).getByTestId('pending-status')).toHaveText('Aguardando aprovação');
  }
  await expect(row(agentPage, extrato).getByTestId('pending-amount')).toHaveText('R$ 1.234,56');
  await expect(row(agentPage, extrato).getByTestId('pending-due')).toHaveText('15/12/2030');

  // 2. The supervisor refuses the FGTS item with a reason…
  const supervisorPage = await pageAs(browser, supervisor);
  await supervisorPage.goto('/pendencias');
  await supervisorPage.getByTestId('nav-pending-approval').click();
  await expect(supervisorPage.getByTestId('page-title')).toHaveText('Aprovação de pendências');
  await row(supervisorPage, fgts).getByTestId('pending-link').click();
  await expect(supervisorPage.getByTestId('page-title')).toHaveText(fgts.title);
  await supervisorPage.getByTestId('pending-step-refuse').click();
  await supervisorPage.getByTestId('pending-refuse-reason').fill(reason);
  await supervisorPage.getByTestId('pending-refuse-confirm').click();
  await expect(supervisorPage.getByTestId('pending-status')).toHaveText('Recusada');
  await expect(supervisorPage.getByTestId('pending-refusal-reason')).toHaveText(reason);

  // …and approves the other two at once.
  await supervisorPage.getByTestId('nav-pending-approval').click();
  await expect(row(supervisorPage, fgts)).toHaveCount(0);
  await row(supervisorPage, extrato).getByTestId('pending-select').check();
  await row(supervisorPage, nota).getByTestId('pending-select').check();
  await supervisorPage.getByTestId('pending-bulk-approve').click();
  // Approving asks first.
  await expect(supervisorPage.getByTestId('pending-bulk-approve-confirmation')).toContainText(
    'Aprovar 2 pendência(s)?',
  );
  await supervisorPage.getByTestId('pending-bulk-approve-confirm').click();
  await expect(supervisorPage.getByTestId('pending-bulk-done')).toHaveText('2 pendência(s) atualizada(s).');
  await expect(row(supervisorPage, extrato)).toHaveCount(0);

  // The operator sees the refusal and its reason.
  await agentPage.reload();
  await expect(row(agentPage, fgts).getByTestId('pending-status')).toHaveText('Recusada');
  await expect(row(agentPage, extrato).getByTestId('pending-status')).toHaveText('Aguardando cliente');

  // 3. The client sees the approved items only, and answers one with a file.
  const clientPage = await pageAs(browser, client);
  await clientPage.goto('/pendencias');
  await expect(row(clientPage, extrato).getByTestId('pending-status')).toHaveText('Aguardando cliente');
  await expect(row(clientPage, nota)).toBeVisible();
  await expect(row(clientPage, fgts)).toHaveCount(0);
  await row(clientPage, extrato).getByTestId('pending-link').click();
  await expect(clientPage.getByTestId('page-title')).toHaveText(extrato.title);
  await expect(clientPage.getByTestId('pending-step-approve')).toHaveCount(0);
  await expect(clientPage.getByTestId('pending-refusal')).toHaveCount(0);
  await clientPage.getByTestId('pending-answer-body').fill(answer);
  await clientPage.getByTestId('pending-answer-files').setInputFiles({
    name: fileName,
    mimeType: 'image/png',
    buffer: PNG,
  });
  await clientPage.getByTestId('pending-answer-submit').click();
  const clientMessage = clientPage.getByTestId('pending-message').filter({ hasText: answer });
  await expect(clientMessage.getByTestId('pending-attachment-download')).toHaveText(fileName);
  await expect(clientPage.getByTestId('pending-status')).toHaveText('Respondida');
  await expect(clientPage.getByTestId('pending-upload-failed')).toHaveCount(0);

  // 4. The operator reads the answer, downloads the file and processes it.
  await agentPage.goto('/pendencias?status=answered&operator_id=me');
  await row(agentPage, extrato).getByTestId('pending-link').click();
  const agentMessage = agentPage.getByTestId('pending-message').filter({ hasText: answer });
  await expect(agentMessage.getByTestId('pending-message-author')).toHaveText('Eduardo Lima');
  const [download] = await Promise.all([
    agentPage.waitForEvent('download'),
    agentMessage.getByTestId('pending-attachment-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe(fileName);
  // Operators process; supervisors resolve.
  await expect(agentPage.getByTestId('pending-step-resolve')).toHaveCount(0);
  await expect(agentPage.getByTestId('pending-step-start')).toHaveText('Iniciar tratamento');
  await agentPage.getByTestId('pending-step-start').click();
  await expect(agentPage.getByTestId('pending-status')).toHaveText('Em andamento');
  expect(await statusOf(extrato.id, supervisor)).toBe('in_progress');

  // 5. The supervisor marks it resolved.
  await supervisorPage.goto(`/pendencias/${extrato.id}`);
  await expect(supervisorPage.getByTestId('pending-status')).toHaveText('Em andamento');
  await supervisorPage.getByTestId('pending-step-resolve').click();
  await supervisorPage.getByTestId('pending-step-resolve-confirm').click();
  await expect(supervisorPage.getByTestId('pending-status')).toHaveText('Resolvida');
  const history = supervisorPage.getByTestId('pending-event');
  await expect(history.first()).toContainText('Bruno Carvalho marcou como resolvida');
  for (const kind of ['created', 'approved', 'answered', 'started', 'resolved']) {
    await expect(supervisorPage.locator(`[data-testid="pending-event"][data-kind="${kind}"]`)).toHaveCount(1);
  }
  await expect(supervisorPage.locator('[data-testid="pending-event"][data-kind="created"]')).toContainText(
    'importação de planilha',
  );
  // "Ver resolvidas" is the supervisor's.
  await supervisorPage.goto('/pendencias?resolvidas=1');
  await expect(row(supervisorPage, extrato).getByTestId('pending-status')).toHaveText('Resolvida');

  // 6. The monthly report counts it.
  await supervisorPage.getByTestId('nav-report-monthly').click();
  await expect(supervisorPage).toHaveURL(/\/relatorios\/pendencias$/);
  const reportRow = supervisorPage.locator(`[data-testid="pending-report-row"][data-company="${pao.id}"]`);
  await expect(reportRow.getByTestId('report-resolved')).toHaveText(String(resolvedBefore + 1));
});
