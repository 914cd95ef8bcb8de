// Spreadsheet imports and the pending-items reports through the UI, with
// the demo users: the operator (Camila Ribeiro, Contábil Horizonte and its
// clients) imports a Brazilian CSV (`;`, Portuguese headers, dd/mm/aaaa,
// 1.234,56) through the wizard, finds it in the history and downloads the
// original; a sheet with bad rows shows each row's error and cannot be
// confirmed; unknown headers are mapped by hand and saved as a template;
// unreadable files are told in Portuguese. The supervisor (Bruno Carvalho)
// reads the monthly and operators reports, whose figures follow the items
// this spec creates through the API, and exports them as CSV and XLSX.
//
// Every spec shares one server: figures are compared as "before + what this
// spec did", and every title carries a unique suffix.
import * as fs from 'node:fs';
import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import { apiLogin, bearer, DEMO_PASSWORD, TokenPair, uniqueSuffix, useSession } from './support';

const AGENT = 'agente@atende.demo';
const SUPERVISOR = 'supervisor@atende.demo';
const ADMIN = 'admin@atende.demo';
const CLIENT = 'cliente@atende.demo';

/** Demo client companies (crates/atende-api/src/demo.rs). */
const PAO_DOURADO = '61.204.837/0001-47';
const MERCADO = '70.518.294/0001-23';
/** A client of the other consultancy: outside the operator's reach. */
const CLINICA = '93.627.541/0001-25';

let api: APIRequestContext;
let agent: TokenPair;
let supervisor: TokenPair;
let admin: TokenPair;
let client: TokenPair;

const suffix = uniqueSuffix();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  agent = await apiLogin(api, AGENT, DEMO_PASSWORD);
  supervisor = await apiLogin(api, SUPERVISOR, DEMO_PASSWORD);
  admin = await apiLogin(api, ADMIN, DEMO_PASSWORD);
  client = await apiLogin(api, CLIENT, DEMO_PASSWORD);
});

test.afterAll(async () => {
  await api.dispose();
});

async function pageAs(browser: Browser, session: TokenPair): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  await useSession(context, session);
  return context.newPage();
}

/** A CSV as Brazilian Excel writes it (UTF-8 here, with `;`). */
function csv(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

async function itemsOfImport(importId: string): Promise<any[]> {
  const response = await api.get(`/api/v1/pending-items?import_id=${importId}&limit=100`, {
    headers: bearer(agent),
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).items;
}

/** Uploads `file` in the wizard and waits for the columns step. */
async function upload(page: Page, name: string, buffer: Buffer, target = 'draft') {
  await page.goto('/pendencias/importar');
  await expect(page.getByTestId('page-title')).toHaveText('Importar planilhas');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await expect(page.getByTestId('import-file-name')).toContainText(name);
  await page.getByTestId('import-target-status').selectOption(target);
  await page.getByTestId('import-upload').click();
}

test.describe('the import wizard', () => {
  const goodName = `pendencias-${suffix}.csv`;
  const good = csv([
    'Título;CNPJ;Vencimento;Valor;Documento;Descrição',
    `Extrato de março ${suffix};${PAO_DOURADO};20/03/2027;1.234,56;NF 1;Conferir o extrato`,
    `Nota fiscal 123 ${suffix};${MERCADO};25/03/2027;99,90;NF 2;`,
    `Recibo de aluguel ${suffix};${PAO_DOURADO};31/03/2027;3.500,00;NF 3;Aluguel de março`,
  ]);
  let importId = '';

  test('a good CSV is recognised, reviewed and imported as items awaiting approval', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    await page.goto('/');
    await expect(page.getByTestId('nav-import')).toHaveText('Importar');
    await page.getByTestId('nav-import').click();
    await expect(page).toHaveURL(/\/pendencias\/importar$/);

    await upload(page, goodName, good, 'awaiting_approval');
    // Step 2: the columns the server recognised, over the sheet's headers.
    await expect(page.getByTestId('import-mapping')).toBeVisible();
    await expect(page.getByTestId('import-map-title')).toHaveValue('Título');
    await expect(page.getByTestId('import-map-company_cnpj')).toHaveValue('CNPJ');
    await expect(page.getByTestId('import-map-due_date')).toHaveValue('Vencimento');
    await expect(page.getByTestId('import-map-amount')).toHaveValue('Valor');
    await expect(page.getByTestId('import-map-description')).toHaveValue('Descrição');
    await expect(page.getByTestId('import-map-category')).toHaveValue('');
    await expect(page.getByTestId('import-map-next')).toHaveText('Continuar');
    await page.getByTestId('import-map-next').click();

    // Step 3: every row accepted.
    const preview = page.getByTestId('import-preview');
    await expect(preview).toBeVisible();
    await expect(page.getByTestId('import-count-total')).toHaveText('3');
    await expect(page.getByTestId('import-count-accepted')).toHaveText('3');
    await expect(page.getByTestId('import-count-rejected')).toHaveText('0');
    await expect(page.getByTestId('import-errors')).toHaveCount(0);
    await expect(page.getByTestId('import-duplicate')).toHaveCount(0);
    await expect(page.getByTestId('import-preview-file')).toContainText('Aguardando aprovação');
    await expect(page.getByTestId('import-confirm')).toBeEnabled();
    await expect(page.getByTestId('import-confirm')).toHaveText('Confirmar importação (3)');

    // Step 4: done, with the way to the items.
    await page.getByTestId('import-confirm').click();
    const done = page.getByTestId('import-done');
    await expect(done).toBeVisible();
    await expect(done).toContainText('3 pendência(s) criada(s) como “Aguardando aprovação”');
    importId = (await done.getAttribute('data-import-id')) ?? '';
    expect(importId).not.toBe('');
    await expect(page.getByTestId('import-items-link')).toHaveText('Ver itens criados');
    await expect(page.getByTestId('import-items-link')).toHaveAttribute(
      'href',
      `/pendencias?import_id=${importId}`,
    );

    // What the server created: Brazilian dates and amounts read right.
    const items = await itemsOfImport(importId);
    expect(items).toHaveLength(3);
    const march = items.find((i) => i.title === `Extrato de março ${suffix}`);
    expect(march.status).toBe('awaiting_approval');
    expect(march.amount_cents).toBe(123456);
    expect(march.due_date).toBe('2027-03-20');
    expect(march.document_number).toBe('NF 1');
    expect(march.description).toBe('Conferir o extrato');
    expect(items.find((i) => i.title === `Recibo de aluguel ${suffix}`).amount_cents).toBe(350000);
    await page.context().close();
  });

  test('the history shows the import and gives back the original file', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    await page.goto('/');
    await page.getByTestId('nav-import-history').click();
    await expect(page.getByTestId('page-title')).toHaveText('Histórico de importações');
    const row = page.locator(`[data-testid="import-history-row"][data-id="${importId}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('import-history-file')).toHaveText(goodName);
    await expect(row.getByTestId('import-history-who')).toHaveText('Camila Ribeiro');
    await expect(row.getByTestId('import-history-when')).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await expect(row.getByTestId('import-history-status')).toHaveText('Importada');
    await expect(row.getByTestId('import-history-accepted')).toHaveText('3');
    await expect(row.getByTestId('import-history-rejected')).toHaveText('0');
    await expect(row.getByTestId('import-history-items')).toHaveAttribute(
      'href',
      `/pendencias?import_id=${importId}`,
    );

    const download = page.waitForEvent('download');
    await row.getByTestId('import-history-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(goodName);
    const path = await file.path();
    expect(fs.readFileSync(path).equals(good)).toBe(true);
    await page.context().close();
  });

  test('the same file again is flagged as a duplicate and cannot be confirmed', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    await upload(page, `de-novo-${suffix}.csv`, good);
    await page.getByTestId('import-map-next').click();
    await expect(page.getByTestId('import-duplicate')).toBeVisible();
    await expect(page.getByTestId('import-duplicate')).toContainText('já foi importado');
    await expect(page.getByTestId('import-confirm')).toBeDisabled();
    await page.context().close();
  });

  test('rows with errors are listed by line and column, and the import stays closed', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    const bad = csv([
      'Título;CNPJ;Vencimento;Valor',
      `Certidão negativa ${suffix};${PAO_DOURADO};10/04/2027;1.234,56`,
      `Data impossível ${suffix};${PAO_DOURADO};31/02/2027;10,00`,
      `CNPJ inexistente ${suffix};11.111.111/1111-11;12/04/2027;5,00`,
      `Outra consultoria ${suffix};${CLINICA};12/04/2027;5,00`,
    ]);
    await upload(page, `com-erros-${suffix}.csv`, bad);
    await page.getByTestId('import-map-next').click();
    await expect(page.getByTestId('import-count-accepted')).toHaveText('1');
    await expect(page.getByTestId('import-count-rejected')).toHaveText('3');
    const errors = page.getByTestId('import-errors');
    await expect(errors).toBeVisible();
    await expect(errors.locator('thead')).toContainText('Linha');
    await expect(errors.locator('thead')).toContainText('Coluna');
    await expect(errors.locator('thead')).toContainText('Mensagem');
    const rows = page.getByTestId('import-error-row');
    await expect(rows).toHaveCount(3);
    const dateRow = page.locator('[data-testid="import-error-row"][data-row="3"]');
    await expect(dateRow.getByTestId('import-error-column')).toHaveText('Vencimento');
    await expect(page.locator('[data-testid="import-error-row"][data-row="4"]')).toHaveAttribute(
      'data-field',
      'company_cnpj',
    );
    await expect(page.locator('[data-testid="import-error-row"][data-row="5"]')).toHaveAttribute(
      'data-field',
      'company_cnpj',
    );
    // Portuguese only: the server's "português / English" is split.
    for (const message of await page.getByTestId('import-error-message').allTextContents()) {
      expect(message).not.toContain(' / ');
    }
    await expect(page.locator('[data-testid="import-error-row"][data-row="4"]')).toContainText(
      'nenhuma empresa cliente sua com o CNPJ',
    );
    await expect(page.getByTestId('import-blocked')).toContainText('Corrija as linhas com erro');
    await expect(page.getByTestId('import-confirm')).toBeDisabled();
    await page.context().close();
  });

  test('unknown headers are mapped by hand, previewed again and saved as a template', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    const sheet = csv([
      'Assunto da pendência;Empresa (CNPJ);Quanto',
      `Ajuste de folha ${suffix};${MERCADO};10,00`,
    ]);
    const name = `colunas-proprias-${suffix}.csv`;
    await upload(page, name, sheet);
    // Nothing recognised: the columns step asks for them, offering the
    // sheet's own headers.
    await expect(page.getByTestId('import-mapping')).toBeVisible();
    await expect(page.getByTestId('import-columns-lead')).toContainText(
      'Não reconhecemos as colunas desta planilha',
    );
    await expect(page.getByTestId('import-error')).toHaveCount(0);
    await expect(page.getByTestId('import-map-title').locator('option')).toHaveText([
      '(não importar)',
      'Assunto da pendência',
      'Empresa (CNPJ)',
      'Quanto',
    ]);
    await page.getByTestId('import-map-next').click();
    await expect(page.getByTestId('import-complaint')).toContainText('Escolha a coluna do título');
    await page.getByTestId('import-map-title').selectOption('Assunto da pendência');
    await page.getByTestId('import-map-company_cnpj').selectOption('Empresa (CNPJ)');
    await page.getByTestId('import-map-amount').selectOption('Quanto');
    await expect(page.getByTestId('import-map-next')).toHaveText('Conferir com estas colunas');

    // Saved as a template under a name.
    const template = `Planilha do RH ${suffix}`;
    await page.getByTestId('import-template-open').click();
    await page.getByTestId('import-template-name').fill(template);
    await page.getByTestId('import-template-save').click();
    await expect(page.getByTestId('import-template-saved')).toContainText(template);
    const templates = await (
      await api.get('/api/v1/import-templates', { headers: bearer(agent) })
    ).json();
    const saved = (Array.isArray(templates) ? templates : templates.items).find(
      (t: any) => t.name === template,
    );
    expect(saved.mapping).toEqual({
      title: 'Assunto da pendência',
      company_cnpj: 'Empresa (CNPJ)',
      amount: 'Quanto',
    });

    await page.getByTestId('import-map-next').click();
    await expect(page.getByTestId('import-complaint')).toHaveCount(0);
    await expect(page.getByTestId('import-count-accepted')).toHaveText('1');
    await expect(page.getByTestId('import-count-rejected')).toHaveText('0');
    await expect(page.getByTestId('import-confirm')).toBeEnabled();

    // Next time the template does it.
    await page.getByTestId('import-restart').click();
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: sheet });
    await page.getByTestId('import-template').selectOption({ label: template });
    await page.getByTestId('import-upload').click();
    await expect(page.getByTestId('import-map-title')).toHaveValue('Assunto da pendência');
    await expect(page.getByTestId('import-error')).toHaveCount(0);
    await page.getByTestId('import-map-next').click();
    await expect(page.getByTestId('import-count-accepted')).toHaveText('1');
    await page.context().close();
  });

  test('unreadable and foreign files are told in Portuguese', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    await page.goto('/pendencias/importar');
    await page.getByTestId('import-file').setInputFiles({
      name: `notas-${suffix}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from('isto não é uma planilha'),
    });
    await expect(page.getByTestId('import-complaint')).toHaveText(
      'Formato não suportado: envie um arquivo .xlsx, .xls, .ods ou .csv.',
    );
    const corrupt = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(4000, 0xa5)]);
    await page.getByTestId('import-file').setInputFiles({
      name: `quebrada-${suffix}.xlsx`,
      mimeType: 'application/octet-stream',
      buffer: corrupt,
    });
    await expect(page.getByTestId('import-complaint')).toHaveCount(0);
    await page.getByTestId('import-upload').click();
    await expect(page.getByTestId('import-error')).toContainText('Não foi possível usar a planilha');
    await expect(page.getByTestId('import-error')).toContainText('danificado');
    await expect(page.getByTestId('import-error')).not.toContainText('damaged');
    await page.context().close();
  });

  test('only people who import see the wizard', async ({ browser }) => {
    const page = await pageAs(browser, client);
    await page.goto('/');
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page.getByTestId('nav-import')).toHaveCount(0);
    await expect(page.getByTestId('nav-import-history')).toHaveCount(0);
    await page.goto('/pendencias/importar');
    await expect(page.getByTestId('no-access')).toBeVisible();
    await page.context().close();
  });
});

test.describe('the pending-items reports', () => {
  let companyId = '';
  let camilaId = '';
  const titles = [`Relatório A ${suffix}`, `Relatório B ${suffix}`, `Relatório C ${suffix}`];

  async function monthly(): Promise<any> {
    const response = await api.get('/api/v1/reports/pending-monthly', { headers: bearer(supervisor) });
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }

  async function operators(): Promise<any> {
    const response = await api.get('/api/v1/reports/pending-operators', { headers: bearer(supervisor) });
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  }

  async function step(id: string, session: TokenPair, action: string, reason?: string) {
    const response = await api.post(`/api/v1/pending-items/${id}/steps`, {
      headers: bearer(session),
      data: reason ? { action, reason } : { action },
    });
    expect(response.status(), `${action}: ${await response.text()}`).toBe(200);
  }

  const zeroMonthly = { opened: 0, answered: 0, resolved: 0, overdue: 0 };
  const zeroOperator = { created: 0, submitted: 0, approved: 0, refused: 0, processed: 0 };
  let monthlyBefore: any = zeroMonthly;
  let operatorBefore: any = zeroOperator;

  test.beforeAll(async () => {
    const companies = await (
      await api.get('/api/v1/companies?kind=client&limit=100', { headers: bearer(admin) })
    ).json();
    const list = Array.isArray(companies) ? companies : companies.items;
    companyId = list.find((c: any) => c.trade_name === 'Alicerce Engenharia').id;
    camilaId = (await (await api.get('/api/v1/me', { headers: bearer(agent) })).json()).user.id;

    monthlyBefore = (await monthly()).rows.find((r: any) => r.company_id === companyId) ?? zeroMonthly;
    operatorBefore = (await operators()).rows.find((r: any) => r.operator_id === camilaId) ?? zeroOperator;

    // Three drafts by the operator, each sent for approval (the report
    // counts "submitted" steps; a draft created with `submit: true` has
    // none): A goes all the way to resolved, B is answered, C is refused.
    const ids: string[] = [];
    for (const title of titles) {
      const response = await api.post('/api/v1/pending-items', {
        headers: bearer(agent),
        data: { title, company_id: companyId, amount_cents: 123456 },
      });
      expect(response.status(), await response.text()).toBe(201);
      const id = (await response.json()).id;
      await step(id, agent, 'submit');
      ids.push(id);
    }
    const [a, b, c] = ids;
    for (const id of [a, b]) {
      await step(id, supervisor, 'approve');
      const answer = await api.post(`/api/v1/pending-items/${id}/messages`, {
        headers: bearer(admin),
        data: { body: 'Documentos enviados pelo cliente.' },
      });
      expect(answer.status(), await answer.text()).toBe(201);
    }
    await step(a, agent, 'start');
    await step(a, supervisor, 'resolve');
    await step(c, supervisor, 'refuse', 'Falta o número do documento.');
  });

  test('the monthly report counts what was opened, answered and resolved per company', async ({ browser }) => {
    const after = await monthly();
    const expected = after.rows.find((r: any) => r.company_id === companyId);
    expect(expected.opened).toBe(monthlyBefore.opened + 3);
    expect(expected.answered).toBe(monthlyBefore.answered + 2);
    expect(expected.resolved).toBe(monthlyBefore.resolved + 1);

    const page = await pageAs(browser, supervisor);
    await page.goto('/');
    await page.getByTestId('nav-report-monthly').click();
    await expect(page.getByTestId('page-title')).toHaveText('Relatório mensal de pendências');
    // The server's current month is shown first.
    await expect(page.getByTestId('report-month')).toHaveValue(after.month);
    const row = page.locator(`[data-testid="pending-report-row"][data-company="${companyId}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('th')).toHaveText('Alicerce Engenharia');
    await expect(row.getByTestId('report-opened')).toHaveText(String(monthlyBefore.opened + 3));
    await expect(row.getByTestId('report-answered')).toHaveText(String(monthlyBefore.answered + 2));
    await expect(row.getByTestId('report-resolved')).toHaveText(String(monthlyBefore.resolved + 1));
    await expect(row.getByTestId('report-overdue')).toHaveText(String(expected.overdue));
    await expect(row.getByTestId('report-avg-resolution')).toHaveText(/^\d+ (min|h)/);
    await expect(
      page.locator(`[data-testid="pending-report-chart-row"][data-key="${companyId}"]`),
    ).toBeVisible();
    const totalOpened = after.rows.reduce((sum: number, r: any) => sum + r.opened, 0);
    await expect(page.getByTestId('pending-report-total').getByTestId('report-opened')).toHaveText(
      String(totalOpened),
    );

    // The previous month has none of it.
    await page.getByTestId('report-previous').click();
    await expect(page.getByTestId('report-month')).not.toHaveValue(after.month);
    await expect(
      page.getByTestId('report-empty').or(page.getByTestId('pending-report-table')),
    ).toBeVisible();
    await expect(
      page.locator(`[data-testid="pending-report-row"][data-company="${companyId}"]`),
    ).toHaveCount(0);
    await page.context().close();
  });

  test('the export downloads the company\'s items as a Brazilian CSV, and as XLSX', async ({ browser }) => {
    const page = await pageAs(browser, supervisor);
    await page.goto('/relatorios/pendencias');
    await expect(page.getByTestId('pending-report-table')).toBeVisible();
    await page.getByTestId('report-company').selectOption(companyId);
    await expect(page.getByTestId('pending-report-row')).toHaveCount(1);

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('report-export-csv').click();
    const csvFile = await csvDownload;
    expect(csvFile.suggestedFilename()).toBe('pendencias.csv');
    const text = fs.readFileSync(await csvFile.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
    expect(lines[0]).toBe('Número;Título;Empresa;Situação;Categoria;Vencimento;Documento;Valor (R$);Criada em');
    for (const title of titles) {
      const line = lines.find((l) => l.includes(title));
      expect(line, title).toBeTruthy();
      expect(line).toContain(';Alicerce Engenharia;');
      expect(line).toContain(';1.234,56;');
    }
    // Only the chosen company.
    for (const line of lines.slice(1)) {
      expect(line).toContain(';Alicerce Engenharia;');
    }
    expect(lines.find((l) => l.includes(titles[0]))).toContain(';Resolvida;');
    expect(lines.find((l) => l.includes(titles[2]))).toContain(';Recusada;');

    const xlsxDownload = page.waitForEvent('download');
    await page.getByTestId('report-export-xlsx').click();
    const xlsxFile = await xlsxDownload;
    expect(xlsxFile.suggestedFilename()).toBe('pendencias.xlsx');
    expect(fs.readFileSync(await xlsxFile.path()).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.context().close();
  });

  test('the operators report counts each operator\'s steps', async ({ browser }) => {
    const after = await operators();
    const expected = after.rows.find((r: any) => r.operator_id === camilaId);
    expect(expected.created).toBe(operatorBefore.created + 3);
    expect(expected.submitted).toBe(operatorBefore.submitted + 3);
    expect(expected.approved).toBe(operatorBefore.approved + 2);
    expect(expected.refused).toBe(operatorBefore.refused + 1);
    expect(expected.processed).toBe(operatorBefore.processed + 1);

    const page = await pageAs(browser, supervisor);
    await page.goto('/');
    await page.getByTestId('nav-report-operators').click();
    await expect(page.getByTestId('page-title')).toHaveText('Relatório de operadores');
    const row = page.locator(`[data-testid="operator-report-row"][data-operator="${camilaId}"]`);
    await expect(row.locator('th')).toHaveText('Camila Ribeiro');
    await expect(row.getByTestId('report-created')).toHaveText(String(operatorBefore.created + 3));
    await expect(row.getByTestId('report-submitted')).toHaveText(String(operatorBefore.submitted + 3));
    await expect(row.getByTestId('report-approved')).toHaveText(String(operatorBefore.approved + 2));
    await expect(row.getByTestId('report-refused')).toHaveText(String(operatorBefore.refused + 1));
    await expect(row.getByTestId('report-processed')).toHaveText(String(operatorBefore.processed + 1));
    // As the SPA writes a share: one decimal at most, decimal comma.
    const rounded = Math.round(expected.approval_percent * 10) / 10;
    const percent = `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`.replace('.', ',');
    await expect(row.getByTestId('report-approval')).toHaveText(percent);
    await expect(
      page.locator(`[data-testid="operator-report-chart-row"][data-key="${camilaId}"]`),
    ).toBeVisible();

    // One operator: the table and the export follow the choice.
    await page.getByTestId('report-operator').selectOption(camilaId);
    await expect(page.getByTestId('operator-report-row')).toHaveCount(1);
    const download = page.waitForEvent('download');
    await page.getByTestId('report-export-csv').click();
    const text = fs.readFileSync(await (await download).path(), 'utf8');
    for (const title of titles) expect(text).toContain(title);
    await page.context().close();
  });

  test('reports are in the navigation for those who may read them', async ({ browser }) => {
    const page = await pageAs(browser, agent);
    await page.goto('/');
    // The operator: the monthly report, not the operators one.
    await expect(page.getByTestId('nav-report-monthly')).toHaveText('Relatório mensal');
    await expect(page.getByTestId('nav-report-operators')).toHaveCount(0);
    await page.goto('/relatorios/operadores');
    await expect(page.getByTestId('no-access')).toBeVisible();
    await page.context().close();

    const clientPage = await pageAs(browser, client);
    await clientPage.goto('/');
    await expect(clientPage.getByTestId('user-menu')).toBeVisible();
    await expect(clientPage.getByTestId('nav-report-monthly')).toHaveCount(0);
    await clientPage.context().close();
  });
});
