'use client';

import { useQuery } from '@tanstack/react-query';
import { Activity, Inbox, LayoutDashboard, Settings, Workflow, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/cn';
import { useTRPC } from '@/lib/trpc/react';
import { useCan } from './workspace-context';

interface NavLink {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Path prefix that marks the link active. */
  match: string;
  badge?: number;
}

export function SidebarNav({
  slug,
  workspaceId,
  initialOpenTasks,
}: {
  slug: string;
  workspaceId: string;
  initialOpenTasks: number;
}) {
  const pathname = usePathname();
  const trpc = useTRPC();
  const canManage = useCan('settings:manage');
  // The badge follows the inbox without a socket: a light count every 20 s, and on focus.
  const summary = useQuery({
    ...trpc.workspaces.shellSummary.queryOptions({ workspaceId }),
    initialData: { openTasks: initialOpenTasks },
    refetchInterval: 20_000,
    refetchOnWindowFocus: true,
  });
  const base = `/w/${slug}`;
  const links: NavLink[] = [
    { href: `${base}/dashboard`, label: 'Dashboard', icon: LayoutDashboard, match: `${base}/dashboard` },
    { href: `${base}/workflows`, label: 'Workflows', icon: Workflow, match: `${base}/workflows` },
    { href: `${base}/runs`, label: 'Runs', icon: Activity, match: `${base}/runs` },
    { href: `${base}/inbox`, label: 'Inbox', icon: Inbox, match: `${base}/inbox`, badge: summary.data.openTasks },
  ];
  const settings: { href: string; label: string }[] = [
    { href: `${base}/settings/members`, label: 'Members' },
    ...(canManage
      ? [
          { href: `${base}/settings/triggers`, label: 'Triggers' },
          { href: `${base}/settings/tokens`, label: 'API tokens' },
        ]
      : []),
  ];
  const inSettings = pathname.startsWith(`${base}/settings`);
  const item = (active: boolean) =>
    cn(
      'group flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors',
      active ? 'bg-zinc-100 text-zinc-900' : 'text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900',
    );

  return (
    <nav aria-label="Workspace" className="flex flex-col gap-0.5 p-2">
      {links.map((l) => {
        const active = pathname.startsWith(l.match);
        const Icon = l.icon;
        return (
          <Link key={l.href} href={l.href} aria-current={active ? 'page' : undefined} className={item(active)}>
            <Icon
              aria-hidden
              className={cn('size-4', active ? 'text-accent-600' : 'text-zinc-400 group-hover:text-zinc-600')}
            />
            <span className="flex-1">{l.label}</span>
            {l.badge ? (
              <span
                className="min-w-5 rounded-full bg-accent-600 px-1.5 text-center text-[11px] leading-5 font-semibold text-white tabular-nums"
                aria-label={`${l.badge} open tasks`}
                data-testid="inbox-count"
              >
                {l.badge > 99 ? '99+' : l.badge}
              </span>
            ) : null}
          </Link>
        );
      })}
      <Link
        href={settings[0]!.href}
        aria-current={inSettings && pathname === settings[0]!.href ? 'page' : undefined}
        className={cn(item(inSettings), 'mt-2')}
      >
        <Settings
          aria-hidden
          className={cn('size-4', inSettings ? 'text-accent-600' : 'text-zinc-400 group-hover:text-zinc-600')}
        />
        <span className="flex-1">Settings</span>
      </Link>
      {inSettings ? (
        <ul className="ml-[1.15rem] flex flex-col gap-0.5 border-l border-zinc-200 pl-2">
          {settings.map((s) => {
            const active = pathname.startsWith(s.href);
            return (
              <li key={s.href}>
                <Link
                  href={s.href}
                  aria-current={active ? 'page' : undefined}
                  className={cn(
                    'flex h-7 items-center rounded-md px-2 text-sm',
                    active ? 'font-medium text-zinc-900' : 'text-zinc-500 hover:text-zinc-900',
                  )}
                >
                  {s.label}
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
    </nav>
  );
}
