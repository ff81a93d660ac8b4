import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Sign in' };

// Sign-in form; authentication itself (next-auth) is wired by the web-app issue.
export default function SignInPage() {
  return (
    <main className="auth">
      <section className="auth-card" aria-labelledby="sign-in-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Conveyor
        </div>
        <h1 id="sign-in-title">Sign in to your workspace</h1>
        <form method="post" action="/api/auth/callback/credentials">
          <label>
            Email
            <input name="email" type="email" autoComplete="username" required />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit">Sign in</button>
        </form>
        <p className="hint">
          The demo admin&apos;s credentials are printed by <code>npm start</code> on first start.
        </p>
      </section>
    </main>
  );
}
