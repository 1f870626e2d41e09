import type { ReactNode } from 'react';
import type { Role } from '@cadre/contracts';
import type { MessageKey } from '../i18n/i18n';

/** A page of the console: where it lives, who may open it, and its menu entry. */
export interface PageRoute {
  path: string;
  element: ReactNode;
  /** The menu label; pages without one (detail pages) are reachable by links only. */
  label?: MessageKey;
  icon?: ReactNode;
  /** Who may open it; empty or absent: everyone signed in. The API checks again: this only shapes the menu. */
  roles?: Role[];
  /** The menu group it belongs to. */
  group?: MessageKey;
}
