export const ROLE_OPTIONS = [
  { value: 'owner', label: 'Owner', description: 'Everything, including owners and the workspace itself' },
  { value: 'admin', label: 'Admin', description: 'Members, triggers, tokens and all work' },
  { value: 'editor', label: 'Editor', description: 'Builds, publishes and runs workflows; decides tasks' },
  { value: 'reviewer', label: 'Reviewer', description: 'Decides tasks in the inbox; reads workflows and runs' },
  { value: 'viewer', label: 'Viewer', description: 'Reads workflows, runs and tasks' },
] as const;

export type RoleValue = (typeof ROLE_OPTIONS)[number]['value'];
