export function Brand() {
  return (
    <div className="flex items-center gap-2 text-base font-semibold tracking-tight text-zinc-900">
      <svg aria-hidden viewBox="0 0 24 24" className="size-6">
        <rect width="24" height="24" rx="6" className="fill-accent-600" />
        <path d="M6 8h8M6 12h12M6 16h6" stroke="white" strokeWidth="2" strokeLinecap="round" />
      </svg>
      Conveyor
    </div>
  );
}

/** The centred card of sign-in and invite pages. */
export function AuthFrame({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-canvas px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-card sm:p-8">{children}</div>
      </div>
    </main>
  );
}
