'use client';

// Inside the workspace layout, so the navigation stays usable when a page fails.
export { default } from '@/app/error';
