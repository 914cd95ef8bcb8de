// Helpers shared by the specs: signing in through the API, handing a
// session to the SPA, TOTP codes, valid CNPJs, the Kanban board. Not a
// spec itself.
import { APIRequestContext, BrowserContext, expect, Locator, Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';

/** Every demo user's password (crates/atende-api/src/demo.rs). */
export const DEMO_PASSWORD = 'Atende#Demo2026';
/** The demo administrator. Shared by every spec on one server: never turn
 * MFA on for it. */
export const DEMO_ADMIN = 'admin@atende.demo';
/** Where the SPA keeps the session (frontend/src/api.rs, `SESSION_KEY`). */
export const SESSION_KEY = 'atende.session';

/** `TokenPair` of atende-types. */
export interface TokenPair {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  mfa_enrollment_required: boolean;
}

/** `Authorization` header for a pair. */
export function bearer(pair: TokenPair): Record<string, string> {
  return { Authorization: `Bearer ${pair.access_token}` };
}

/** Signs in through the API; the account must not have MFA. */
export async function apiLogin(
  api: APIRequestContext,
  email: string,
  password: string,
): Promise<TokenPair> {
  const response = await api.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe('signed_in');
  return body.tokens as TokenPair;
}

/** The session as the SPA stores it (frontend/src/api.rs, `Tokens`). */
export interface StoredSession {
  access_token: string;
  refresh_token: string;
  /** When the access token expires, ms since the epoch. */
  expires_at: number;
  mfa_enrollment_required: boolean;
}

export function storedSession(pair: TokenPair): StoredSession {
  return {
    access_token: pair.access_token,
    refresh_token: pair.refresh_token,
    expires_at: Date.now() + pair.expires_in * 1000,
    mfa_enrollment_required: pair.mfa_enrollment_required,
  };
}

/**
 * Signs every page of `context` in without the UI: the session is put in
 * localStorage before the SPA starts, once per tab (so the SPA's own
 * renewals and sign-outs are not undone on the next navigation).
 */
export async function useSession(
  context: BrowserContext,
  session: TokenPair | StoredSession,
): Promise<void> {
  const stored = 'expires_at' in session ? session : storedSession(session);
  await context.addInitScript(
    ([key, value]) => {
      if (window.sessionStorage.getItem('e2e.session-seeded')) return;
      window.sessionStorage.setItem('e2e.session-seeded', '1');
      window.localStorage.setItem(key, value);
    },
    [SESSION_KEY, JSON.stringify(stored)],
  );
}

/**
 * An authenticator app for tests. A TOTP code is accepted once, and only
 * for a later 30 s step than the last one used; the server accepts the
 * steps next to its own. So each code is for the current step or, when that
 * one is spent, the next; when both are spent it waits.
 */
export class Authenticator {
  private lastStep = -Infinity;

  constructor(readonly totp: OTPAuth.TOTP) {}

  static fromUri(uri: string): Authenticator {
    const parsed = OTPAuth.URI.parse(uri);
    if (!(parsed instanceof OTPAuth.TOTP)) throw new Error(`not a TOTP URI: ${uri}`);
    return new Authenticator(parsed);
  }

  async nextCode(): Promise<string> {
    const period = this.totp.period * 1000;
    for (;;) {
      const now = Date.now();
      const current = Math.floor(now / period);
      const step = Math.max(current, this.lastStep + 1);
      if (step <= current + 1) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: step * period });
      }
      await new Promise((resolve) => setTimeout(resolve, (current + 1) * period - now + 250));
    }
  }
}

/** A random, valid, numeric CNPJ: `[digits, formatted]`. */
export function randomCnpj(): [string, string] {
  let base = '';
  while (base.length < 8) base += String(Math.floor(Math.random() * 10));
  base += '0001';
  const digit = (chars: string, weights: number[]) => {
    const sum = [...chars].reduce((acc, c, i) => acc + (c.charCodeAt(0) - 48) * weights[i], 0);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const first = digit(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const second = digit(base + first, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const digits = `${base}${first}${second}`;
  const formatted = `${digits.slice(0, 2)}.${digits.slice(2, 5)}.${digits.slice(5, 8)}/${digits.slice(8, 12)}-${digits.slice(12)}`;
  return [digits, formatted];
}

/** A short suffix that keeps names unique across runs on one database. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** A card of the Kanban board, in the column of `status`. */
export function boardCard(page: Page, status: string, number: number): Locator {
  return page.locator(
    `[data-testid="board-column"][data-status="${status}"] [data-testid="board-card"][data-number="${number}"]`,
  );
}

/** The Kanban column of `status`. */
export function boardColumn(page: Page, status: string): Locator {
  return page.locator(`[data-testid="board-column"][data-status="${status}"]`);
}

/**
 * Drags `source` onto the top of `target` with the mouse (the board uses
 * HTML5 drag and drop), in small steps and without scrolling on the way (a
 * page that scrolls under a pressed button cancels the drag before it
 * starts).
 */
export async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('nothing to drag, or nowhere to drop');
  const x = from.x + from.width / 2;
  const y = from.y + 16;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 10, y + 10, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 48, { steps: 12 });
  await page.mouse.up();
}
