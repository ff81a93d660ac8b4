// Tailwind 4 through PostCSS (Next picks this file up).
export default { plugins: { '@tailwindcss/postcss': {} } };
