import { createHash } from 'node:crypto';
import { personFields } from '../server/fixtures.js';
import { makeId, rng } from '../lib/people.js';
import { RULES_VERSION } from '../../src-shared/rules/version.js';

/**
 * bench/queue's province, made the same every run (seeded random): `cities` city bureaus, each with
 * counties/cities county bureaus, `units` 执法单位 spread over the counties, and `persons` people in
 * batches of 20-400, as rows of the server's own tables, shaped as the server writes them
 * (src-server/batches/batch-store.ts, review/review-store.ts). The rows come unit by unit (`units()`),
 * so that a million people never sit in memory at once.
 *
 * Review is two-step (REVIEW_STAGES=2, Guangxi): a county unit's people wait at its county bureau
 * ('submitted'), then at the city ('county_approved', with the county's approval in `decisions`), then
 * are approved (both decisions) or were returned ('rejected', a decision with a comment). About 5 % of
 * those waiting at the county are a second version, sent again after a return. Units are of very
 * different sizes, and the first city (the capital) has three times the people per unit: its bureaus
 * are the busiest.
 */

export interface ProvinceSize {
  persons: number;
  units: number;
  counties: number;
  cities: number;
}

export const NOW = new Date('2026-11-23T09:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

export interface JurisdictionRow {
  id: number;
  name: string;
  level: 'city' | 'county';
  kind: 'city' | 'county';
  parentId: number | null;
  /** The 6-digit area code its people's ID numbers start with (counties only). */
  region: string;
  /** The city's name without 司法局 (for the people's 地市 field). */
  place: string;
}

export interface UnitRow {
  id: number;
  name: string;
  jurisdictionId: number;
  /** Its one unit account. */
  userId: number;
  persons: number;
}

export interface UserRow {
  id: number;
  username: string;
  role: 'unit' | 'reviewer';
  unitId: number | null;
  jurisdictionId: number | null;
  reviewLevel: 'county' | 'city' | null;
}

/** The rows of one unit's batches, in the tables' own column order. */
export interface UnitRows {
  batches: unknown[][];
  persons: unknown[][];
  versions: unknown[][];
  blobs: unknown[][];
  owners: unknown[][];
  decisions: unknown[][];
}

export const TABLE_COLUMNS = {
  batches: ['id', 'unit_id', 'kind', 'name', 'number', 'created_at', 'rules_version', 'submitted_by', 'received_at', 'updated_at', 'content_sha256'],
  persons: ['id', 'batch_id', 'unit_id', 'person_key', 'kind', 'version', 'id_number', 'name', 'status', 'pending_jurisdiction_id', 'pending_level', 'updated_at', 'arrived_at'],
  versions: ['person_id', 'version', 'fields_json', 'photo_sha256', 'photo_file_name', 'content_sha256', 'issues_json', 'submitted_by', 'submitted_at'],
  blobs: ['sha256', 'size', 'mime', 'created_at', 'width', 'height'],
  owners: ['sha256', 'unit_id', 'uploaded_by', 'created_at', 'size', 'uploaded_at', 'referenced_at'],
  decisions: ['id', 'person_id', 'version', 'level', 'jurisdiction_id', 'result', 'comment', 'reviewer_user_id', 'reviewer_name', 'decided_at'],
} as const satisfies Record<keyof UnitRows, readonly string[]>;

/** The real table each row kind goes to. */
export const TABLE_NAME: Record<keyof UnitRows, string> = {
  batches: 'batches', persons: 'persons', versions: 'person_versions', blobs: 'blobs', owners: 'blob_owners', decisions: 'decisions',
};

const CITY_NAMES = [
  '南宁', '柳州', '桂林', '梧州', '北海', '防城港', '钦州', '贵港', '玉林', '百色', '贺州', '河池', '来宾', '崇左', '湛江',
  '茂名', '肇庆', '韶关', '赣州', '吉安', '宜春', '上饶', '九江', '株洲', '湘潭', '衡阳', '邵阳', '岳阳', '常德', '郴州',
  '永州', '怀化', '娄底', '遵义', '曲靖', '玉溪', '大理', '丽江', '昭通', '普洱',
];
const COUNTY_STEMS = [
  '青秀', '兴宁', '江南', '西乡塘', '良庆', '邕宁', '武鸣', '隆安', '马山', '上林', '宾阳', '横州', '城中', '鱼峰', '柳南', '柳北',
  '柳江', '柳城', '鹿寨', '融安', '秀峰', '叠彩', '象山', '七星', '雁山', '临桂', '阳朔', '灵川', '全州', '兴安', '永福', '灌阳',
];
const COUNTY_SUFFIX = ['区', '县', '县', '市'];
const AGENCIES = [
  '市场监督管理局', '交通运输局', '生态环境局', '自然资源局', '农业农村局', '应急管理局', '卫生健康委员会', '文化广电和旅游局',
  '住房和城乡建设局', '水利局', '林业局', '城市管理综合行政执法局', '人力资源和社会保障局', '商务局', '教育局', '税务局',
  '医疗保障局', '统计局', '民政局', '退役军人事务局',
];
/** The commonest surnames, the first ones most (drawn by the square of a uniform number). */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鑫斌波宇浩凯健俊帆帅旭宁龙林欣怡佳琪雪婷晨阳子轩海燕建国志强文博';

/** 40 × 13,000 days from 1962: a ID-number birth date per (county, n) that no other n of the county shares. */
const BIRTH_DAYS = 13_000;
const BIRTH_FROM = Date.UTC(1962, 0, 1);

export class Province {
  readonly jurisdictions: JurisdictionRow[] = [];
  readonly unitList: UnitRow[] = [];
  readonly users: UserRow[] = [];
  private readonly template = personFields(0);

  constructor(readonly size: ProvinceSize) {
    const r = rng(20261123);
    let jid = 0;
    let userId = 0;
    const countiesOf = new Map<number, JurisdictionRow[]>();
    for (let c = 0; c < size.cities; c++) {
      const place = `${CITY_NAMES[c % CITY_NAMES.length]}${c >= CITY_NAMES.length ? Math.floor(c / CITY_NAMES.length) + 1 : ''}市`;
      const city: JurisdictionRow = { id: ++jid, name: `${place}司法局`, level: 'city', kind: 'city', parentId: null, region: '', place };
      this.jurisdictions.push(city);
      countiesOf.set(city.id, []);
    }
    const cities = [...this.jurisdictions];
    for (let k = 0; k < size.counties; k++) {
      const city = cities[k % cities.length]!;
      const siblings = countiesOf.get(city.id)!;
      const i = siblings.length;
      const stem = `${COUNTY_STEMS[(i * 7 + city.id) % COUNTY_STEMS.length]}${i >= COUNTY_STEMS.length ? i : ''}`;
      const region = `45${String(city.id).padStart(2, '0')}${String(i + 2).padStart(2, '0')}`;
      const county: JurisdictionRow = {
        id: ++jid, name: `${stem}${COUNTY_SUFFIX[i % COUNTY_SUFFIX.length]}司法局`, level: 'county', kind: 'county', parentId: city.id, region, place: city.place,
      };
      this.jurisdictions.push(county);
      siblings.push(county);
    }
    const counties = this.jurisdictions.filter((j) => j.level === 'county');
    // Sizes: a long tail (a few large bureaus of hundreds of officers, many small ones), the capital's ×3.
    const weights: number[] = [];
    const unitCounty: JurisdictionRow[] = [];
    for (let u = 0; u < size.units; u++) {
      const county = counties[u % counties.length]!;
      unitCounty.push(county);
      weights.push((0.2 + 3 * r() ** 3) * (county.parentId === 1 ? 3 : 1));
    }
    const total = weights.reduce((s, w) => s + w, 0);
    let left = size.persons;
    const perCounty = new Map<number, number>();
    for (let u = 0; u < size.units; u++) {
      const county = unitCounty[u]!;
      const n = u === size.units - 1 ? left : Math.min(left, Math.round((size.persons * weights[u]!) / total));
      left -= n;
      const own = perCounty.get(county.id) ?? 0;
      perCounty.set(county.id, own + 1);
      const name = `${county.name.replace('司法局', '')}${AGENCIES[own % AGENCIES.length]}${own >= AGENCIES.length ? `第${Math.floor(own / AGENCIES.length) + 1}分局` : ''}`;
      const unit: UnitRow = { id: u + 1, name, jurisdictionId: county.id, userId: ++userId, persons: n };
      this.unitList.push(unit);
      this.users.push({ id: unit.userId, username: `unit${unit.id}`, role: 'unit', unitId: unit.id, jurisdictionId: null, reviewLevel: null });
    }
    for (const j of this.jurisdictions) {
      this.users.push({ id: ++userId, username: `${j.level}${j.id}`, role: 'reviewer', unitId: null, jurisdictionId: j.id, reviewLevel: j.level });
    }
  }

  /** The reviewer account of a bureau. */
  reviewerOf(jurisdictionId: number): UserRow {
    return this.users.find((u) => u.role === 'reviewer' && u.jurisdictionId === jurisdictionId)!;
  }

  jurisdiction(id: number): JurisdictionRow {
    return this.jurisdictions[id - 1]!;
  }

  /** Each unit's rows, in unit order; person and decision ids run on over the whole province. */
  *units(): Generator<UnitRows> {
    let personId = 0;
    let decisionId = 0;
    let batchNo = 0;
    const countyCount = new Map<number, number>();
    for (const unit of this.unitList) {
      const r = rng(unit.id * 7919 + 17);
      const county = this.jurisdiction(unit.jurisdictionId);
      const city = this.jurisdiction(county.parentId!);
      const countyReviewer = this.reviewerOf(county.id);
      const cityReviewer = this.reviewerOf(city.id);
      const rows: UnitRows = { batches: [], persons: [], versions: [], blobs: [], owners: [], decisions: [] };
      let left = unit.persons;
      let b = 0;
      while (left > 0) {
        const size = Math.min(left, 20 + Math.floor(r() * 380));
        left -= size;
        b++;
        batchNo++;
        // Sent within the last 60 days; the older a batch, the further its people have come.
        const age = r();
        const receivedMs = NOW.getTime() - Math.floor(age * 60 * DAY) - Math.floor(r() * DAY);
        const received = iso(receivedMs);
        const batchId = uuid(batchNo);
        const day = received.slice(0, 10);
        const number = `XZZF${day.replace(/-/g, '')}-${String(unit.id).padStart(4, '0')}${String(b).padStart(2, '0')}`;
        rows.batches.push([batchId, unit.id, 'new', `行政执法人员${day}${String(b).padStart(2, '0')}批次`, number, iso(receivedMs - 3 * 3_600_000), RULES_VERSION, unit.userId, received, received, sha256(`batch ${batchNo}`)]);
        for (let k = 0; k < size; k++) {
          const id = ++personId;
          const n = countyCount.get(county.id) ?? 0;
          countyCount.set(county.id, n + 1);
          const male = r() < 0.62;
          const birthMs = BIRTH_FROM + ((n * 7919) % BIRTH_DAYS) * DAY;
          const group = Math.floor(n / BIRTH_DAYS);
          const seq = String(2 * group + (male ? 1 : 2)).padStart(3, '0');
          const birth = iso(birthMs).slice(0, 10);
          const idNumber = makeId(birth.replace(/-/g, ''), seq, county.region);
          const name = personName(r);
          const fields = {
            ...this.template, county: city.place, name, agency: unit.name, idNumber, gender: male ? '男' : '女', birthDate: birth,
            education: r() < 0.7 ? '大学本科' : '硕士研究生', major: r() < 0.5 ? '法学' : '行政管理', isLawMajor: r() < 0.5 ? '是' : '否',
          };
          const photo = sha256(`photo ${id}`);
          const photoSize = 10_000 + Math.floor(r() * 15_000);
          rows.blobs.push([photo, photoSize, 'image/jpeg', received, 90, 120]);
          rows.owners.push([photo, unit.id, unit.userId, received, photoSize, received, received]);
          const issues = r() < 0.1 ? WARNING : '[]';
          // Where this person stands: batches a week old or more have mostly been decided.
          const x = r();
          const decided = age > 0.1 ? x : x * 0.2;
          let status: 'submitted' | 'county_approved' | 'approved' | 'rejected';
          if (decided < 0.45) status = 'submitted';
          else if (decided < 0.7) status = 'county_approved';
          else if (decided < 0.93) status = 'approved';
          else status = 'rejected';
          const resent = status === 'submitted' && r() < 0.05;
          const version = resent ? 2 : 1;
          const countyDecided = iso(receivedMs + Math.floor(r() * (NOW.getTime() - receivedMs) * 0.6));
          const cityDecided = iso(Date.parse(countyDecided) + Math.floor(r() * (NOW.getTime() - Date.parse(countyDecided))));
          rows.versions.push([id, 1, JSON.stringify(fields), photo, `${idNumber}.jpg`, sha256(`content ${id} 1`), issues, unit.userId, received]);
          let updated = received;
          if (resent) {
            rows.decisions.push([++decisionId, id, 1, 'county', county.id, 'rejected', RETURN_COMMENT, countyReviewer.id, countyReviewer.username, countyDecided]);
            rows.versions.push([id, 2, JSON.stringify(fields), photo, `${idNumber}.jpg`, sha256(`content ${id} 2`), issues, unit.userId, cityDecided]);
            updated = cityDecided;
          }
          if (status === 'county_approved' || status === 'approved') {
            rows.decisions.push([++decisionId, id, 1, 'county', county.id, 'approved', '', countyReviewer.id, countyReviewer.username, countyDecided]);
            updated = countyDecided;
          }
          if (status === 'approved') {
            rows.decisions.push([++decisionId, id, 1, 'city', city.id, 'approved', '', cityReviewer.id, cityReviewer.username, cityDecided]);
            updated = cityDecided;
          }
          if (status === 'rejected') {
            rows.decisions.push([++decisionId, id, 1, 'county', county.id, 'rejected', RETURN_COMMENT, countyReviewer.id, countyReviewer.username, countyDecided]);
            updated = countyDecided;
          }
          const pending = status === 'submitted' ? [county.id, 'county'] : status === 'county_approved' ? [city.id, 'city'] : [null, null];
          // Its last move is where it waits from (arrived_at, as the server keeps it): its submission, the resubmission or the county's approval.
          rows.persons.push([id, batchId, unit.id, `p${k + 1}`, 'new', version, idNumber, name, status, pending[0], pending[1], updated, updated]);
        }
      }
      yield rows;
    }
  }
}

const RETURN_COMMENT = '照片背景不是白色，请按要求重新拍摄后再提交。';
const WARNING = JSON.stringify([{ field: 'photo', code: 'photo.background', severity: 'warning', message: '照片背景颜色偏暗，请审核人员留意。' }]);

function personName(r: () => number): string {
  const surname = SURNAMES[Math.floor(r() ** 2 * SURNAMES.length)]!;
  const one = GIVEN[Math.floor(r() * GIVEN.length)]!;
  return r() < 0.3 ? surname + one : surname + one + GIVEN[Math.floor(r() * GIVEN.length)]!;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** A lower-case UUID-shaped id (36 characters), distinct per n. */
function uuid(n: number): string {
  const h = sha256(`batch id ${n}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
