// Chart.js 4.6.1 (MIT, vendor/chart.js.LICENSE.md), vendored from the npm package's dist/chart.umd.min.js (its
// source-map comment removed). The UMD build defines globalThis.Chart when loaded as a module; this file hands it
// to the pages as an ES module export. To update: npm pack chart.js@<version>, copy dist/chart.umd.min.js here.
import './chart.umd.min.js';

export const Chart = globalThis.Chart;
