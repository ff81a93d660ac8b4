/**
 * Copy-paste examples for calling a webhook trigger, with the signature computed the way
 * the server checks it: HMAC-SHA256 over "<unix seconds>.<raw body>" with the trigger
 * secret, sent as `Conveyor-Signature: t=<seconds>,v1=<hex>`.
 */
export function curlExample(url: string, secret: string): string {
  return [
    `SECRET='${secret}'`,
    `# Case fields; add "mediaUrls":["https://…/photo.jpg"] to have Conveyor fetch photos.`,
    `BODY='{"claimId":"C-1001","productSku":"KETTLE-2L"}'`,
    `TS=$(date +%s)`,
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')`,
    `curl -sS -X POST '${url}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "Conveyor-Signature: t=$TS,v1=$SIG" \\`,
    `  -H "Idempotency-Key: claim-C-1001" \\`,
    `  -H 'Prefer: wait=30' \\`,
    `  --data-raw "$BODY"`,
  ].join('\n');
}

export function multipartExample(url: string, secret: string): string {
  return [
    `# Multipart: the signature covers the exact bytes sent, so write the body to a file first.`,
    `SECRET='${secret}'`,
    `B=conveyor$(date +%s)`,
    `{ printf -- '--%s\\r\\nContent-Disposition: form-data; name="claimId"\\r\\n\\r\\nC-1001\\r\\n' "$B"`,
    `  printf -- '--%s\\r\\nContent-Disposition: form-data; name="photo"; filename="damage.jpg"\\r\\nContent-Type: image/jpeg\\r\\n\\r\\n' "$B"`,
    `  cat damage.jpg; printf -- '\\r\\n--%s--\\r\\n' "$B"; } > body.bin`,
    `TS=$(date +%s)`,
    `SIG=$( { printf '%s.' "$TS"; cat body.bin; } | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')`,
    `curl -sS -X POST '${url}' -H "Content-Type: multipart/form-data; boundary=$B" \\`,
    `  -H "Conveyor-Signature: t=$TS,v1=$SIG" --data-binary @body.bin`,
  ].join('\n');
}

export function nodeExample(url: string, secret: string): string {
  return [
    `import { createHmac } from 'node:crypto';`,
    ``,
    `const secret = process.env.CONVEYOR_SECRET ?? '${secret}';`,
    `const body = JSON.stringify({ claimId: 'C-1001', productSku: 'KETTLE-2L' });`,
    `const t = Math.floor(Date.now() / 1000);`,
    `const v1 = createHmac('sha256', secret).update(\`\${t}.\${body}\`).digest('hex');`,
    `const res = await fetch('${url}', {`,
    `  method: 'POST',`,
    `  headers: { 'content-type': 'application/json', 'conveyor-signature': \`t=\${t},v1=\${v1}\`, 'idempotency-key': 'claim-C-1001' },`,
    `  body,`,
    `});`,
    `console.log(res.status, res.headers.get('location'), await res.json());`,
  ].join('\n');
}

/** How a callback receiver checks what Conveyor sends (same scheme, the trigger's secret). */
export function verifyExample(): string {
  return [
    `import { createHmac, timingSafeEqual } from 'node:crypto';`,
    ``,
    `// rawBody: the request body exactly as received (a Buffer or string, before JSON.parse).`,
    `export function verifyConveyor(header, rawBody, secret, toleranceSec = 300) {`,
    `  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));`,
    `  const t = Number(parts.t);`,
    `  const expected = createHmac('sha256', secret).update(\`\${t}.\`).update(rawBody).digest();`,
    `  const given = Buffer.from(parts.v1 ?? '', 'hex');`,
    `  const fresh = Math.abs(Date.now() / 1000 - t) <= toleranceSec;`,
    `  return fresh && given.length === expected.length && timingSafeEqual(given, expected);`,
    `}`,
    `// Deduplicate on the Idempotency-Key header: retries of one run's callback repeat it.`,
  ].join('\n');
}

export function apiExample(origin: string, token: string): string {
  return [
    `TOKEN='${token}'`,
    `# Workflows and their published versions`,
    `curl -sS '${origin}/api/v1/workflows' -H "Authorization: Bearer $TOKEN"`,
    `# Latest failed runs`,
    `curl -sS '${origin}/api/v1/runs?status=failed&limit=20' -H "Authorization: Bearer $TOKEN"`,
    `# Start a run and wait up to 30 s for its outputs`,
    `curl -sS -X POST '${origin}/api/v1/workflows/<workflowId>/runs' -H "Authorization: Bearer $TOKEN" \\`,
    `  -H 'Content-Type: application/json' -H 'Prefer: wait=30' --data '{"input":{"claimId":"C-1001"}}'`,
    `# The whole API: ${origin}/api/v1/openapi.json`,
  ].join('\n');
}
