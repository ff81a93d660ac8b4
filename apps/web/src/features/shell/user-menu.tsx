'use client';

import { LogOut } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { DropdownMenu } from '@/components/ui/dropdown-menu';
import type { CurrentUser } from './workspace-context';

function initials(user: CurrentUser) {
  const source = user.name?.trim() || user.email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

export function UserMenu({ user, role }: { user: CurrentUser; role: string }) {
  return (
    <DropdownMenu
      label="Account"
      side="top"
      className="w-full"
      triggerClassName="flex w-full items-center gap-2 rounded-md p-1.5 text-left hover:bg-zinc-100"
      trigger={
        <>
          <span
            aria-hidden
            className="flex size-7 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-[11px] font-semibold text-zinc-700"
          >
            {initials(user)}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-medium text-zinc-900" data-testid="user-name">
              {user.name ?? user.email}
            </span>
            <span className="block truncate text-xs text-zinc-500">{user.email}</span>
          </span>
        </>
      }
      items={[
        { heading: `Signed in · ${role}` },
        { label: 'Sign out', icon: <LogOut />, onSelect: () => void signOut({ callbackUrl: '/sign-in' }) },
      ]}
    />
  );
}
