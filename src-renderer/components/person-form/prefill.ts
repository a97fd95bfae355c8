/**
 * What a new person most likely has in common with the clerk: their unit (所属执法主体) and its
 * 县(市、区). Note ⑧ of the template: the column names the judicial jurisdiction — 某某市 for a city
 * bureau, 某某县(区) for a county one — which is the 司法局 the account belongs to, less "司法局".
 */
export function countyOfJurisdiction(jurisdiction: string): string {
  const place = jurisdiction.trim().replace(/司法(行政)?局$/, '');
  return place !== jurisdiction.trim() && /[市县区旗州盟]$/.test(place) ? place : '';
}

/** The fields a new person starts with; only what is known ('' is left out). */
export function newPersonDefaults(account: { unitName: string; jurisdictionName: string }): { agency?: string; county?: string } {
  const county = countyOfJurisdiction(account.jurisdictionName);
  return { ...(account.unitName ? { agency: account.unitName } : {}), ...(county ? { county } : {}) };
}
