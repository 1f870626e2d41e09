import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import postcss, { type ChildNode, type Container } from 'postcss';
import type { Plugin } from 'vite';

/** The module main.tsx imports for the styles the sign-in page needs before it paints. */
export const SIGN_IN_CSS = 'virtual:antd-sign-in.css';
const RESOLVED = `\0${SIGN_IN_CSS}`;

/**
 * The Ant Design components of the sign-in page (and of the progress and failure pages shown before the frame):
 * ConfigProvider, Form (with its grid), Input, Button, Spin, Alert, and the click wave and motions they use.
 */
const SIGN_IN_COMPONENTS = new Set(['form', 'input', 'btn', 'row', 'col', 'spin', 'alert', 'wave', 'motion', 'fade', 'zoom', 'move', 'slide']);

/** A selector belongs to the component of its first `.ant-<name>` class; one with none (tokens, icons, links) to all. */
function keeps(selector: string): boolean {
  const component = /\.ant-([a-z]+)/.exec(selector)?.[1];
  return component === undefined || SIGN_IN_COMPONENTS.has(component);
}

function prune(container: Container): void {
  container.each((node: ChildNode) => {
    if (node.type === 'rule') {
      const kept = node.selectors.filter(keeps);
      if (!kept.length) node.remove();
      else node.selectors = kept;
    } else if (node.type === 'atrule' && node.nodes && !/keyframes$/.test(node.name)) {
      prune(node);
      if (!node.nodes.length) node.remove();
    }
  });
}

/** antd's prebuilt stylesheet cut to the rules of SIGN_IN_COMPONENTS (about a quarter of its 1 MB). */
export function signInStylesheet(): string {
  const file = createRequire(import.meta.url).resolve('antd/dist/antd.css');
  const root = postcss.parse(readFileSync(file, 'utf8'));
  prune(root);
  return root.toString();
}

/**
 * The sign-in page paints before the browser has parsed all of Ant Design's 1 MB stylesheet: the entry carries
 * only the rules of the components it shows (`virtual:antd-sign-in.css`), and the whole stylesheet comes with the
 * signed-in frame (app/AppLayout.tsx), which the sign-in page fetches while the user types.
 */
export function signInCss(): Plugin {
  return {
    name: 'cadre:sign-in-css',
    resolveId: (id) => (id === SIGN_IN_CSS ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? signInStylesheet() : undefined),
  };
}
