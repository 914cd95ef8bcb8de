// The identity journey through the UI: an administrator with MFA signs in,
// creates a client company and invites a client user, requires MFA for the
// `client` role; the client accepts the invitation in a fresh browser, signs
// in, is made to enroll in MFA, and then sees only their own company.
//
// The demo data is shared by every spec on the server, so the journey's
// administrator is a second one, set up through the API (invited, password
// set, MFA enrolled); the demo administrator never gets MFA, and the MFA
// policy is restored afterwards.
import { APIRequestContext, expect, Page, test } from '@playwright/test';
import {
  apiLogin,
  Authenticator,
  bearer,
  DEMO_ADMIN,
  DEMO_PASSWORD,
  randomCnpj,
  SESSION_KEY,
  storedSession,
  TokenPair,
  uniqueSuffix,
  useSession,
} from './support';

/** Long, unguessable, and typed easily. */
const STRONG_PASSWORD = 'cavalo-bateria-grampo-correto-2026';

interface Admin {
  name: string;
  email: string;
  password: string;
  authenticator: Authenticator;
}

let api: APIRequestContext;
let demoAdmin: TokenPair;
let admin: Admin;
let originalPolicy: string[] | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  demoAdmin = await apiLogin(api, DEMO_ADMIN, DEMO_PASSWORD);

  const policy = await api.get('/api/v1/security/mfa-policy', { headers: bearer(demoAdmin) });
  expect(policy.status(), await policy.text()).toBe(200);
  originalPolicy = (await policy.json()).required_roles;

  // A second administrator: invited, password set, MFA enrolled.
  const suffix = uniqueSuffix();
  const name = `Administradora E2E ${suffix}`;
  const email = `admin.e2e.${suffix}@atende.test`;
  const created = await api.post('/api/v1/users', {
    headers: bearer(demoAdmin),
    data: { name, email, role: 'admin', company_ids: [] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { invitation } = await created.json();
  const accepted = await api.post(`/api/v1/auth/invitations/${invitation.token}`, {
    data: { password: STRONG_PASSWORD },
  });
  expect(accepted.status(), await accepted.text()).toBe(204);

  const tokens = await apiLogin(api, email, STRONG_PASSWORD);
  const enrollment = await api.post('/api/v1/me/mfa/enrollment', { headers: bearer(tokens) });
  expect(enrollment.status(), await enrollment.text()).toBe(200);
  const { otpauth_uri: uri } = await enrollment.json();
  const authenticator = Authenticator.fromUri(uri);
  const confirmed = await api.post('/api/v1/me/mfa/enrollment/confirm', {
    headers: bearer(tokens),
    data: { code: await authenticator.nextCode() },
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  expect((await confirmed.json()).recovery_codes).toHaveLength(10);

  admin = { name, email, password: STRONG_PASSWORD, authenticator };
});

test.afterAll(async () => {
  if (originalPolicy) {
    await api.put('/api/v1/security/mfa-policy', {
      headers: bearer(demoAdmin),
      data: { required_roles: originalPolicy },
    });
  }
  await api.dispose();
});

/** Signs the journey's administrator in through the UI, MFA included. */
async function signInAsAdmin(page: Page, path: string) {
  await page.goto(path);
  await expect(page).toHaveURL(new RegExp(`/entrar\\?voltar=${encodeURIComponent(path)}$`));
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/entrar\/mfa/);
  await page.getByTestId('mfa-code').fill(await admin.authenticator.nextCode());
  await page.getByTestId('mfa-submit').click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByTestId('user-menu')).toContainText(admin.name);
}

test.describe('sign-in', () => {
  test('sends signed-out visitors to the sign-in page, language switch included', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/entrar$/);
    await expect(page.getByTestId('page-title')).toHaveText('Entrar');
    await page.getByTestId('language-switch').selectOption('en');
    await expect(page.getByTestId('page-title')).toHaveText('Sign in');
    await page.getByTestId('language-switch').selectOption('pt-BR');
    await expect(page.getByLabel('E-mail')).toBeVisible();
  });

  test('tells a wrong password, then asks for the MFA code', async ({ page }) => {
    await page.goto('/entrar');
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill('not the password at all');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText('E-mail ou senha incorretos.');

    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/entrar\/mfa/);
    // A wrong code is refused, and the recovery-code field is one click away.
    await page.getByTestId('mfa-code').fill('000000');
    await page.getByTestId('mfa-submit').click();
    await expect(page.getByTestId('mfa-error')).not.toBeEmpty();
    await page.getByTestId('mfa-use-recovery').click();
    await expect(page.getByLabel('Código de recuperação')).toBeVisible();
  });

  test('signs out in every tab', async ({ page, context }) => {
    await signInAsAdmin(page, '/minha-conta');
    await expect(page.getByTestId('mfa-status')).toContainText('Ativada');
    const other = await context.newPage();
    await other.goto('/');
    await expect(other.getByTestId('user-menu')).toContainText(admin.name);

    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/entrar$/);
    expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
    // The other tab hears of it through the storage event.
    await expect(other).toHaveURL(/\/entrar/);
  });
});

test.describe('session', () => {
  /** The session the SPA keeps, read from the page. */
  const readStored = (page: Page) =>
    page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), SESSION_KEY);

  test('renews an expired access token before calling the API', async ({ page, context }) => {
    const pair = await apiLogin(api, DEMO_ADMIN, DEMO_PASSWORD);
    await useSession(context, { ...storedSession(pair), expires_at: Date.now() - 1000 });
    await page.goto('/');
    await expect(page.getByTestId('user-menu')).toContainText('Ana Souza');
    const stored = await readStored(page);
    expect(stored.refresh_token).not.toBe(pair.refresh_token);
    expect(stored.expires_at).toBeGreaterThan(Date.now());
  });

  test('renews and retries once when the API answers 401', async ({ page, context }) => {
    const pair = await apiLogin(api, DEMO_ADMIN, DEMO_PASSWORD);
    await useSession(context, { ...storedSession(pair), access_token: 'not-a-valid-token' });
    await page.goto('/minha-conta');
    await expect(page.getByTestId('account-email')).toHaveText(DEMO_ADMIN);
    const stored = await readStored(page);
    expect(stored.access_token).not.toBe('not-a-valid-token');
  });

  test('signs out, saying so, when the session cannot be renewed', async ({ page, context }) => {
    await useSession(context, {
      access_token: 'not-a-valid-token',
      refresh_token: 'not-a-valid-refresh-token',
      expires_at: Date.now() + 600_000,
      mfa_enrollment_required: false,
    });
    await page.goto('/gerenciar/usuarios');
    await expect(page).toHaveURL(/\/entrar\?voltar=%2Fgerenciar%2Fusuarios$/);
    await expect(page.getByTestId('session-ended')).toBeVisible();
    expect(await readStored(page)).toBeNull();
  });
});

test('an administrator onboards a client company and user who must use MFA', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const tradeName = `Cliente E2E ${suffix}`;
  const clientName = `Cliente Pessoa ${suffix}`;
  const clientEmail = `cliente.e2e.${suffix}@atende.test`;
  const [cnpjDigits, cnpjFormatted] = randomCnpj();
  let invitationLink = '';

  await test.step('the administrator signs in with MFA', async () => {
    await signInAsAdmin(page, '/gerenciar/empresas');
    await expect(page.getByTestId('nav-manage')).toBeVisible();
  });

  await test.step('creates a client company of Contábil Horizonte', async () => {
    await page.getByTestId('company-create-open').click();
    await page.getByTestId('company-kind-client').check();
    await page.getByTestId('company-consultancy').selectOption({ label: 'Contábil Horizonte' });
    await page.getByTestId('company-legal-name').fill(`${tradeName} Comércio Ltda`);
    await page.getByTestId('company-trade-name').fill(tradeName);
    // Punctuated as it is typed.
    await page.getByTestId('company-cnpj').pressSequentially(cnpjDigits);
    await expect(page.getByTestId('company-cnpj')).toHaveValue(cnpjFormatted);
    await page.getByTestId('company-segment').selectOption({ label: 'Contabilidade' });
    await page.getByTestId('company-submit').click();
    const row = page.getByTestId('company-row').filter({ hasText: tradeName });
    await expect(row).toBeVisible();
    await expect(row).toContainText('cliente de Contábil Horizonte');
    await expect(row.getByTestId('company-row-cnpj')).toHaveText(cnpjFormatted);
  });

  await test.step('invites a client user and gets the invitation link', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-invite-open').click();
    await page.getByTestId('invite-user-name').fill(clientName);
    await page.getByTestId('invite-user-email').fill(clientEmail);
    await page.getByTestId('invite-user-role').selectOption('client');
    await page.getByLabel(tradeName, { exact: true }).check();
    await page.getByTestId('invite-user-submit').click();
    invitationLink = await page.getByTestId('invite-link').inputValue();
    expect(invitationLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/convite\/.+/);
    const row = page.getByTestId('user-row').filter({ hasText: clientEmail });
    await expect(row).toContainText('Convite pendente');
    await expect(row).toContainText(tradeName);
  });

  await test.step('requires MFA for the client role', async () => {
    await page.getByTestId('nav-permissions').click();
    await expect(page.getByTestId('grant-client-companies.view')).toHaveValue('linked');
    const client = page.getByTestId('mfa-policy-client');
    await client.check();
    await expect(page.getByTestId('mfa-policy-status')).toContainText('Política salva.');
    await expect(client).toBeChecked();
  });

  const clientContext = await browser.newContext();
  const client = await clientContext.newPage();

  await test.step('the client accepts the invitation in a fresh browser', async () => {
    await client.goto(invitationLink);
    await expect(client.getByTestId('invite-name')).toHaveText(clientName);
    await expect(client.getByTestId('invite-email')).toHaveText(clientEmail);
    await expect(client.getByTestId('password-rules')).toContainText('10 caracteres');
    await client.getByTestId('invite-password').fill(STRONG_PASSWORD);
    await client.getByTestId('invite-password-confirm').fill(STRONG_PASSWORD);
    await client.getByTestId('invite-submit').click();
    await expect(client).toHaveURL(/\/entrar\?/);
    await expect(client.getByTestId('invitation-accepted')).toBeVisible();
    await expect(client.getByTestId('login-email')).toHaveValue(clientEmail);
  });

  let authenticator: Authenticator | undefined;
  await test.step('signs in and must enroll in MFA before anything else', async () => {
    await client.getByTestId('login-password').fill(STRONG_PASSWORD);
    await client.getByTestId('login-submit').click();
    await expect(client).toHaveURL(/\/minha-conta\/mfa/);
    await expect(client.getByTestId('enroll-required')).toBeVisible();
    // Nowhere else: any page leads back here.
    await client.goto('/gerenciar/empresas');
    await expect(client).toHaveURL(/\/minha-conta\/mfa\?voltar=%2Fgerenciar%2Fempresas$/);

    const secret = (await client.getByTestId('enroll-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    const uri = (await client.getByTestId('enroll-otpauth').getAttribute('href')) ?? '';
    authenticator = Authenticator.fromUri(uri);
    expect(authenticator.totp.secret.base32).toBe(secret);
    await expect(client.getByTestId('enroll-qr')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);

    await client.getByTestId('enroll-code').fill(await authenticator.nextCode());
    await client.getByTestId('enroll-submit').click();
    await expect(client.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    await client.getByTestId('recovery-codes-done').click();
  });

  await test.step('sees only its own company', async () => {
    await expect(client).toHaveURL(/\/gerenciar\/empresas$/);
    await expect(client.getByTestId('user-menu')).toContainText(clientName);
    await expect(client.getByTestId('nav-manage')).toHaveCount(0);
    await expect(client.getByTestId('company-row')).toHaveCount(1);
    await expect(client.getByTestId('company-row')).toContainText(tradeName);
    await expect(client.getByTestId('company-create-open')).toHaveCount(0);

    await client.getByTestId('nav-account').click();
    await expect(client.getByTestId('scope-company')).toHaveCount(1);
    await expect(client.getByTestId('scope-company')).toContainText(tradeName);
    await expect(client.getByTestId('mfa-status')).toContainText('Ativada');
  });

  await test.step('an administrator-only screen is refused to the client', async () => {
    await client.goto('/gerenciar/usuarios');
    await expect(client.getByTestId('no-access')).toBeVisible();
  });

  await clientContext.close();
});
