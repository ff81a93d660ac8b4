import { describe, expect, it } from 'vitest';
import { configIssues, formatConfigPath } from '../sdk/config.ts';
import { webhookConfigSchema, webhookDefinition } from './webhook.definition.ts';

const valid = { url: 'https://claims.example.com/hooks/decision', secret: 'claims-webhook' };
const paths = (config: unknown) => configIssues(webhookDefinition, config).map((i) => formatConfigPath(i.path));

describe('webhook definition', () => {
  it('takes explicit fan-in on its payload', () => {
    expect(webhookDefinition.inputs.payload).toMatchObject({ type: 'any', required: true, multiple: true });
    expect(webhookDefinition.outputs.error.kind).toBe('error');
  });

  it('defaults to POST, 10 s, 5 attempts, no extra headers', () => {
    expect(webhookConfigSchema.parse(valid)).toEqual({
      ...valid,
      method: 'POST',
      headers: {},
      timeoutMs: 10_000,
      maxAttempts: 5,
    });
  });

  it('requires an address and a signing credential', () => {
    expect(paths({})).toEqual(['url', 'secret']);
  });

  it('accepts only http(s) addresses without embedded credentials', () => {
    expect(paths({ ...valid, url: 'ftp://example.com/x' })).toEqual(['url']);
    expect(paths({ ...valid, url: 'javascript:alert(1)' })).toEqual(['url']);
    expect(paths({ ...valid, url: 'not a url' })).toEqual(['url']);
    expect(configIssues(webhookDefinition, { ...valid, url: 'https://user:pw@example.com/' })).toMatchObject([
      { path: ['url'], message: 'Put credentials in a secret, not in the address' },
    ]);
    expect(paths({ ...valid, url: 'http://localhost:8080/hook' })).toEqual([]); // SSRF is refused at send time
  });

  it('refuses reserved, malformed and injecting headers', () => {
    expect(
      paths({
        ...valid,
        headers: {
          'X-Tenant': 'acme',
          Host: 'evil',
          'Conveyor-Signature': 'forged',
          'Bad Header': 'x',
          'X-Evil': 'a\r\nInjected: 1',
        },
      }),
    ).toEqual(['headers["Bad Header"]', 'headers["X-Evil"]']);
    // Reserved names are checked once the shape is valid, one issue per header.
    expect(paths({ ...valid, headers: { Host: 'evil', 'conveyor-signature': 'forged', 'X-Tenant': 'acme' } })).toEqual([
      'headers.Host',
      'headers["conveyor-signature"]',
    ]);
  });

  it('bounds timeout and attempts', () => {
    expect(paths({ ...valid, timeoutMs: 999, maxAttempts: 11, method: 'GET', secret: 'bad name!' })).toEqual([
      'method',
      'secret',
      'timeoutMs',
      'maxAttempts',
    ]);
  });
});
