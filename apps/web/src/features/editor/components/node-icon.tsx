import {
  Box,
  Film,
  GitBranch,
  Inbox,
  ScanSearch,
  ScanText,
  Send,
  Tags,
  Timer,
  UserCheck,
  type LucideIcon,
} from 'lucide-react';

/** Node definitions name lucide icons; the editor imports only these (tree-shaken). */
const ICONS: Record<string, LucideIcon> = {
  inbox: Inbox,
  film: Film,
  'scan-search': ScanSearch,
  tags: Tags,
  'scan-text': ScanText,
  'git-branch': GitBranch,
  timer: Timer,
  'user-check': UserCheck,
  send: Send,
};

export function NodeIcon({ name, className }: { name: string | undefined; className?: string }) {
  const Icon = (name && ICONS[name]) || Box;
  return <Icon aria-hidden className={className} />;
}
