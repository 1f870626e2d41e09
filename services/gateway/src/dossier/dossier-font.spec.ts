import { DEFAULT_DOSSIER_FONTS, missingFontMessage, resolveDossierFont } from './dossier-font';

const only = (...paths: string[]) => (path: string) => paths.includes(path);

describe('resolveDossierFont', () => {
  it('takes the first default font that exists, with its PostScript name', () => {
    expect(resolveDossierFont({}, only(DEFAULT_DOSSIER_FONTS[1]!.path))).toEqual(DEFAULT_DOSSIER_FONTS[1]);
    expect(resolveDossierFont({}, only(DEFAULT_DOSSIER_FONTS[0]!.path, DEFAULT_DOSSIER_FONTS[1]!.path))).toEqual(DEFAULT_DOSSIER_FONTS[0]);
  });

  it('takes the configured font, with the configured family or the known one', () => {
    expect(resolveDossierFont({ path: '/fonts/a.ttf' }, only('/fonts/a.ttf'))).toEqual({ path: '/fonts/a.ttf' });
    expect(resolveDossierFont({ path: '/fonts/b.ttc', family: 'B-Regular' }, only('/fonts/b.ttc'))).toEqual({ path: '/fonts/b.ttc', family: 'B-Regular' });
    expect(resolveDossierFont({ path: DEFAULT_DOSSIER_FONTS[0]!.path }, only(DEFAULT_DOSSIER_FONTS[0]!.path))).toEqual(DEFAULT_DOSSIER_FONTS[0]);
  });

  it('is none when the configured font is missing (never another font) or no default exists', () => {
    expect(resolveDossierFont({ path: '/fonts/missing.ttf' }, only(DEFAULT_DOSSIER_FONTS[0]!.path))).toBeNull();
    expect(resolveDossierFont({}, only())).toBeNull();
    expect(missingFontMessage({ path: '/fonts/missing.ttf' })).toContain('DOSSIER_FONT (/fonts/missing.ttf) does not exist');
    expect(missingFontMessage({})).toContain(DEFAULT_DOSSIER_FONTS[0]!.path);
  });
});
