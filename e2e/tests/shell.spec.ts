import { expect, test } from '@playwright/test';
import { apiLogin, DEMO_ADMIN, DEMO_PASSWORD, TokenPair, useSession } from './support';

// The pages need a session: one sign-in through the API for the whole
// file, handed to each test's browser context before the SPA starts.
let session: TokenPair;

test.beforeAll(async ({ playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  session = await apiLogin(api, DEMO_ADMIN, DEMO_PASSWORD);
  await api.dispose();
});

test.beforeEach(async ({ context }) => {
  await useSession(context, session);
});

test.describe('SPA shell', () => {
  test('renders in Brazilian Portuguese by default', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('page-title')).toHaveText('Olá, Ana');
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
    // The server's status is an administration page now.
    await page.getByTestId('nav-system').click();
    await expect(page).toHaveURL(/\/gerenciar\/sistema$/);
    await expect(page.getByTestId('server-version')).toHaveText(/^\d+\.\d+\.\d+$/);
    await expect(page.getByTestId('server-database')).toHaveText('SQLite');
    // The signed-in person, and the way out.
    await expect(page.getByTestId('user-menu')).toContainText('Ana Souza');
    await expect(page.getByTestId('logout')).toHaveText('Sair');
  });

  test('stays in Portuguese for an English-speaking browser', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US' });
    await useSession(context, session);
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByTestId('page-title')).toHaveText('Olá, Ana');
    await context.close();
  });

  test('switches to English and remembers the choice', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('language-switch').selectOption('en');
    await expect(page.getByTestId('page-title')).toHaveText('Hello, Ana');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('page-title')).toHaveText('Hello, Ana');
    await page.getByTestId('language-switch').selectOption('pt-BR');
    await expect(page.getByTestId('page-title')).toHaveText('Olá, Ana');
  });

  test('answers unknown client-side routes with its own 404 page', async ({ page }) => {
    const response = await page.goto('/chamados/inexistente');
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('page-title')).toHaveText('Página não encontrada');
  });

  test('is usable with the keyboard: the skip link reaches the content', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('page-title')).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Pular para o conteúdo' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#conteudo')).toBeFocused();
  });

  test('collapses the navigation behind a menu button on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Navegação principal' });
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(nav).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
  });

  test('loads without console errors (CSP allows the WASM)', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    // The home page's figures have arrived (every card's call answered).
    await expect(page.getByTestId('home-kpi-backlog-value')).toHaveText(/^\d+$/);
    await expect(page.getByTestId('setup-checklist')).toBeVisible();
    await expect(page.getByTestId('operators-load')).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test.describe('API reference', () => {
  test('renders offline at /api/docs', async ({ page }) => {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) external.push(request.url());
    });
    await page.goto('/api/docs');
    await expect(page).toHaveURL(/\/api\/docs\/$/);
    await expect(page.locator('.swagger-ui .info .title')).toContainText('Atende API');
    await expect(page.getByText('/api/v1/companies/cnpj-check')).toBeVisible();
    expect(external).toEqual([]);
  });

  test('is reachable from the navigation', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Referência da API' }).click();
    await expect(page.locator('.swagger-ui .info .title')).toContainText('Atende API');
  });
});
