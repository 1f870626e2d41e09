import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
// Ant Design's styles, prebuilt (see app/theme.ts: zeroRuntime), after its reset (margins, box sizing): here only
// the rules of the sign-in page's components (signInCss.mts); the whole stylesheet comes with the frame (AppLayout).
import 'antd/dist/reset.css';
import 'virtual:antd-sign-in.css';
import './app/console.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
