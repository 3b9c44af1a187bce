/** What the demo (`npm start`, `npm run seed`) loads: the npm entries, the script tag, the dashboard page. */
export const DEMO_FILES = ['dist/index.js', 'dist/core.js', 'dist/server.js', 'dist/milepost.min.js', 'dist/milepost-ui.min.js', 'dist/milepost-validate.min.js', 'dist/milepost-preview.min.js', 'dist/milepost-chunks.min.js', 'dist/milepost-triggers.min.js', 'dist/dashboard.js']
