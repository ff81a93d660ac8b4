'use client';

import { ChevronsUpDown, Pencil, Plus } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { DropdownMenu } from '@/components/ui/dropdown-menu';
import { CreateWorkspaceDialog } from './create-workspace-dialog';
import { RenameWorkspaceDialog } from './rename-workspace-dialog';
import { sectionOf } from './section-of';
import type { CurrentWorkspace } from './workspace-context';

export interface SwitcherWorkspace {
  id: string;
  slug: string;
  name: string;
  role: string;
}

function Monogram({ name }: { name: string }) {
  return (
    <span
      aria-hidden
      className="flex size-7 shrink-0 items-center justify-center rounded-md bg-gradient-to-br from-accent-600 to-indigo-700 text-xs font-semibold text-white"
    >
      {name.trim().charAt(0).toUpperCase() || 'W'}
    </span>
  );
}

export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: CurrentWorkspace;
  workspaces: SwitcherWorkspace[];
}) {
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const canRename = current.permissions.includes('settings:manage');
  const section = sectionOf(usePathname());
  return (
    <>
      <DropdownMenu
        label="Switch workspace"
        className="w-full"
        triggerClassName="flex w-full items-center gap-2 rounded-md p-1.5 text-left hover:bg-zinc-100"
        trigger={
          <>
            <Monogram name={current.name} />
            <span className="min-w-0 flex-1">
              <span
                className="block truncate text-sm font-semibold text-zinc-900"
                data-testid="current-workspace"
                title={current.name}
              >
                {current.name}
              </span>
              <span className="block text-xs text-zinc-500 capitalize">{current.role}</span>
            </span>
            <ChevronsUpDown aria-hidden className="size-4 text-zinc-400" />
          </>
        }
        items={[
          { heading: 'Workspaces' },
          ...workspaces.map((w) => ({
            label: w.name,
            href: `/w/${w.slug}/${section}`,
            checked: w.id === current.id,
          })),
          'separator',
          ...(canRename
            ? [{ label: 'Rename this workspace', icon: <Pencil />, onSelect: () => setRenaming(true) }]
            : []),
          { label: 'Create workspace', icon: <Plus />, onSelect: () => setCreating(true) },
        ]}
      />
      <CreateWorkspaceDialog open={creating} onClose={() => setCreating(false)} />
      {renaming ? <RenameWorkspaceDialog workspace={current} open onClose={() => setRenaming(false)} /> : null}
    </>
  );
}
