import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { DossierComposer } from './dossier-composer';
import { missingFontMessage, resolveDossierFont, type DossierFont } from './dossier-font';

export const DOSSIER_FONT = Symbol('DOSSIER_FONT');

/** The font the PDF embeds, or why there is none (what the 503 says). */
export interface DossierFontSetting {
  font: DossierFont | null;
  missing: string;
}

/** 实绩档案's providers: the composer and the font, looked up once at start (logged when missing). */
export function dossierProviders(config: Pick<GatewayConfig, 'DOSSIER_FONT' | 'DOSSIER_FONT_FAMILY'>, logger: Logger): Provider[] {
  return [
    DossierComposer,
    {
      provide: DOSSIER_FONT,
      useFactory: (): DossierFontSetting => {
        const configured = { path: config.DOSSIER_FONT, family: config.DOSSIER_FONT_FAMILY };
        const font = resolveDossierFont(configured);
        const missing = missingFontMessage(configured);
        if (!font) logger.warn({ dossierFont: configured.path ?? null }, missing);
        return { font, missing };
      },
    },
  ];
}
