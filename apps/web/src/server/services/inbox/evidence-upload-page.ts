/**
 * The claimant's upload page: plain HTML (no app bundle, no session), escaped, styled
 * inline so the strict CSP can forbid everything else. Works without JavaScript.
 */
const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function evidenceUploadPage(p: {
  title?: string;
  message?: string;
  reference?: string | null;
  expiresAt?: Date;
  maxFiles?: number;
  error?: string;
  done?: number;
}): string {
  const body = p.done
    ? `<h1>Thank you</h1><p class="ok">We received ${p.done} file${p.done === 1 ? '' : 's'}. Your case is back with our team; you can close this page.</p>`
    : p.error && !p.title
      ? `<h1>Upload link unavailable</h1><p class="err">${esc(p.error)}</p><p>Ask for a new link if you still need to send photos.</p>`
      : `<h1>Send more photos</h1>
         ${p.reference ? `<p class="muted">Case ${esc(p.reference)}</p>` : ''}
         ${p.message ? `<blockquote>${esc(p.message)}</blockquote>` : ''}
         ${p.error ? `<p class="err">${esc(p.error)}</p>` : ''}
         <form method="post" enctype="multipart/form-data">
           <label>Photos or a short video (up to ${p.maxFiles ?? 10} files)
             <input type="file" name="files" accept="image/*,video/*" multiple required>
           </label>
           <label>Note (optional)<textarea name="note" rows="3" maxlength="2000"></textarea></label>
           <button type="submit">Upload</button>
         </form>
         ${p.expiresAt ? `<p class="muted">This link works once and expires ${esc(p.expiresAt.toUTCString())}.</p>` : ''}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Send more evidence</title><meta name="robots" content="noindex">
<style>
body{font:15px/1.5 system-ui,sans-serif;color:#18181b;background:#f4f4f5;margin:0;padding:40px 16px}
main{max-width:520px;margin:auto;background:#fff;border:1px solid #e4e4e7;border-radius:10px;padding:28px}
h1{font-size:20px;margin:0 0 12px}label{display:block;margin:16px 0 4px;font-weight:500}
input,textarea{display:block;width:100%;margin-top:6px;box-sizing:border-box;font:inherit}
textarea{border:1px solid #d4d4d8;border-radius:6px;padding:8px}
button{margin-top:20px;background:#4f46e5;color:#fff;border:0;border-radius:6px;padding:10px 18px;font:inherit;font-weight:600;cursor:pointer}
blockquote{margin:12px 0;padding:10px 14px;background:#eef2ff;border-left:3px solid #4f46e5;border-radius:4px}
.muted{color:#71717a;font-size:13px}.err{color:#b91c1c}.ok{color:#15803d}
</style></head><body><main>${body}</main></body></html>`;
}
