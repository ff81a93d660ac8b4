import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal OpenID Connect provider for the e2e tests (the third party at the network
 * edge): discovery, an authorization page where the test types who signs in (and whether
 * the email is verified), the code → token exchange with PKCE and client_secret_basic,
 * RS256 ID tokens and their JWKS. Enough for next-auth's OAuth client to do a real flow.
 */
export interface OidcStub {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  claims: { sub: string; email: string; email_verified: boolean; name: string };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startOidcStub(): Promise<OidcStub> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(4).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const clientId = 'conveyor-e2e';
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, PendingCode>();
  let issuer = '';

  const sign = (payload: object) => {
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const body = b64url(JSON.stringify(payload));
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey);
    return `${head}.${body}.${b64url(signature)}`;
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<URLSearchParams>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(new URLSearchParams(data)));
    });
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: ['openid', 'email', 'profile'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'nonce']
        .map((k) => `<input type="hidden" name="${k}" value="${escape(url.searchParams.get(k) ?? '')}">`)
        .join('');
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>Test IdP</title>
        <h1>Test identity provider</h1>
        <form method="post" action="/authorize">${hidden}
          <label>Email <input name="email" type="email"></label>
          <label>Name <input name="name"></label>
          <label><input name="email_verified" type="checkbox" checked> Email verified</label>
          <button type="submit">Continue</button>
        </form>`);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/authorize') {
      const form = await readBody(req);
      const email = form.get('email') ?? '';
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        clientId: form.get('client_id') ?? '',
        redirectUri: form.get('redirect_uri') ?? '',
        codeChallenge: form.get('code_challenge') || null,
        claims: {
          sub: `idp-${createHash('sha256').update(email).digest('hex').slice(0, 16)}`,
          email,
          email_verified: form.get('email_verified') === 'on',
          name: form.get('name') ?? email,
        },
      });
      const back = new URL(form.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', form.get('state') ?? '');
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = await readBody(req);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic
        ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
        : [form.get('client_id'), form.get('client_secret')];
      if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!pending || pending.redirectUri !== form.get('redirect_uri'))
        return json(res, 400, { error: 'invalid_grant' });
      const verifier = form.get('code_verifier') ?? '';
      if (pending.codeChallenge && b64url(createHash('sha256').update(verifier).digest()) !== pending.codeChallenge) {
        return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const now = Math.floor(Date.now() / 1000);
      return json(res, 200, {
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'openid email profile',
        id_token: sign({ iss: issuer, aud: clientId, iat: now, exp: now + 300, ...pending.claims }),
      });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
