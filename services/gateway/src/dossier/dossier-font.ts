import { existsSync } from 'node:fs';

/** A font file with Chinese glyphs, and the font's PostScript name inside it when the file is a collection (.ttc). */
export interface DossierFont {
  path: string;
  family?: string;
}

/** Where Debian puts the CJK fonts the PDF can embed, in the order they are preferred. */
export const DEFAULT_DOSSIER_FONTS: readonly DossierFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
];

/**
 * The font the 实绩档案 PDF embeds: the configured one (`DOSSIER_FONT`, with `DOSSIER_FONT_FAMILY` for a collection;
 * a configured file that does not exist is no font, never a silent fallback), else the first default that exists;
 * null when there is none.
 */
export function resolveDossierFont(configured: { path?: string; family?: string }, exists: (path: string) => boolean = existsSync): DossierFont | null {
  if (configured.path) {
    if (!exists(configured.path)) return null;
    const known = DEFAULT_DOSSIER_FONTS.find((font) => font.path === configured.path);
    const family = configured.family ?? known?.family;
    return family ? { path: configured.path, family } : { path: configured.path };
  }
  return DEFAULT_DOSSIER_FONTS.find((font) => exists(font.path)) ?? null;
}

/** What the PDF endpoint says (503) and the gateway logs at start when no font is found. */
export function missingFontMessage(configured: { path?: string }): string {
  const where = configured.path ? `DOSSIER_FONT (${configured.path}) does not exist` : `none of ${DEFAULT_DOSSIER_FONTS.map((font) => font.path).join(', ')} exists`;
  return `The 实绩档案 PDF needs a font with Chinese glyphs: ${where}. Install fonts-wqy-microhei or set DOSSIER_FONT.`;
}
