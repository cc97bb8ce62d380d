// The page's entry (dist/dashboard/app.js); esbuild gathers the imported CSS into app.css.
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { startApp } from './app.js';

startApp();
