/**
 * The section to open in the other workspace: the same list (workflows, runs, inbox, a
 * settings page), never a record id that only exists in this one.
 */
export function sectionOf(pathname: string): string {
  const [, , , section, sub] = pathname.split('/');
  if (section === 'settings' && sub) return `settings/${sub}`;
  return section && ['dashboard', 'workflows', 'runs', 'inbox'].includes(section) ? section : 'workflows';
}
