/**
 * Passwords that meet the letters-and-digits rule and are still guessed first: the common ones of
 * Chinese and international leaks (P@ssw0rd, Aa123456, 1qaz2wsx, qwer1234, 11111111a, abc12345,
 * password1, woaini1314), a name's pinyin with digits (zhangsan1), keyboard walks, runs of the
 * alphabet or digits, repeated characters, and words with a year or date stuck on. Small on purpose
 * (a few hundred words plus pattern rules), so the desktop and the console can check before sending and
 * the server checks at every password change with the very same code.
 *
 * Compared in lower case and after undoing the common substitutions (@→a, 0→o, 1→l or i, $→s, !→i).
 * `weakPasswordReason` answers a Chinese sentence saying why and what to do, or null. Pure.
 */

/** Whole passwords (and bare words) that are refused however they are written. */
const COMMON = `
password passwd passw0rd p@ssw0rd p@ssword pass1234 password1 password12 password123 pa55word
admin administrator admin123 admin888 root toor system manager super superuser guest user test tester
welcome welcome1 letmein iloveyou loveyou love monkey dragon master shadow sunshine princess football
baseball basketball superman batman michael jordan jennifer charlie freedom whatever trustno1 hello
hello123 hellokitty computer internet secret changeme default login qazwsx qweasd asdasd zxczxc
qwerty qwertyui qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm 1qaz2wsx 1q2w3e4r 1q2w3e4r5t qwer1234
abc123 abc1234 abc12345 abc123456 a123456 a1234567 a12345678 a123456789 aa123456 aa12345678 aaa111
123456a 1234567a 12345678a 123456789a 11111111a 111111a 123qwe 123abc qwe123 qwe123456 asd123
zxc123 qaz123 a1b2c3 a1b2c3d4 q1w2e3r4 1a2b3c4d aaaa1111 aa112233 abcd1234 abcd123456 1234abcd
woaini woaini1314 woaini520 iloveu 5201314 1314520 aini1314 520520 woshishui nihao nihao123
qq123456 qq5201314 taobao baidu tencent alibaba huawei xiaomi weixin wechat aliyun sina sohu netease
163com 126com zhongguo china china123 beijing shanghai guangzhou shenzhen tianjin chongqing fujian
fuzhou xiamen guangxi nanning guilin liuzhou sifa sifaju sifating zhifa zhifazheng falv fazhi gongan
jingcha police zhengfu gov govcn danwei bangong kaoshi baoming zfbm xuexi renshi caiwu
goodluck lucky888 fuck shit sb123456 mima mima123 mimamima wodemima zhanghao yonghu ceshi
888888 666666 168168 147258 147258369 159357 159753 741852963 369258147 123321 112233 520131
`.trim().split(/\s+/);

/** Words that are still weak with digits or symbols around them (password2026, Admin@123). */
const WEAK_CORES = new Set(
  `password passwd pass admin administrator root system manager super user test guest welcome login
  iloveyou love woaini aini nihao qwerty qwe asd zxc abc abcd wang china beijing shanghai sifa sifaju
  zhifa gongan police zhengfu mima ceshi taobao baidu huawei xiaomi weixin qq monkey dragon master
  shadow sunshine princess football superman hello secret changeme default`
    .trim()
    .split(/\s+/),
);

/** Rows and diagonals of the keyboard and the runs of the alphabet and the digits; also read backwards. */
const WALKS = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  '1234567890-=',
  '!@#$%^&*()_+',
  'qwertyuiop[]',
  'asdfghjkl;\'',
  'zxcvbnm,./',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7',
  'q1w2e3r4t5y6u7i8o9p0',
  'a1s2d3f4g5h6j7k8l9',
].flatMap((w) => [w, [...w].reverse().join('')]);

const SYLLABLES =
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu lv luan lue lve lun luo ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nv nuan nue nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo';
const SURNAMES =
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lv ding ren lu yao shen zhong cui tan fan liao shi jin jia xia fu fang zou xiong bai meng qin qiu hou yin xue yan duan lei long tao gu mao hao gong shao wan qian kong xiang chang mo dai niu qi wen ouyang situ shangguan zhuge dongfang';
const alternation = (words: string) => words.split(' ').sort((a, b) => b.length - a.length).join('|');
/** Syllables without an initial (a, e, ou...) are rare in given names and would match far too much. */
const GIVEN = SYLLABLES.split(' ').filter((x) => !/^[aeo]/.test(x)).join(' ');
/** A name's pinyin: a common surname and up to two more syllables (zhangsan, wangxiaoming, ouyangfeng). */
const PINYIN_NAME = new RegExp(`^(?:${alternation(SURNAMES)})(?:${alternation(GIVEN)}){0,2}$`);

/** The password as the checks compare it: NFKC, lower case, and each way of undoing substitutions. */
function variants(text: string): string[] {
  const base = text.normalize('NFKC').toLowerCase();
  const common = base.replace(/@/g, 'a').replace(/0/g, 'o').replace(/\$/g, 's').replace(/!/g, 'i');
  return [...new Set([base, common.replace(/1/g, 'l'), common.replace(/1/g, 'i')])];
}

const COMMON_SET = new Set(COMMON.flatMap(variants));
const CORE_SET = new Set([...WEAK_CORES].flatMap(variants));

/** Digits and symbols around the letters: "Admin@2024!" -> "admin". */
function core(lower: string): string {
  return lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
}

/** True when `s` is cut into at most `maxRuns` pieces of 3 or more that each run along a keyboard walk. */
function isWalk(s: string, maxRuns = 3): boolean {
  let i = 0;
  let runs = 0;
  while (i < s.length) {
    let best = 0;
    for (const w of WALKS) {
      for (let len = s.length - i; len > best; len--) {
        if (w.includes(s.slice(i, i + len))) {
          best = len;
          break;
        }
      }
    }
    if (best < 3 && !(best >= 2 && i + best === s.length && runs > 0)) return false;
    i += best;
    if (++runs > maxRuns) return false;
  }
  return runs > 0;
}

/** "aaaaaaa1", "abababab", "11111111a", "abcabc12", "abab1212": a few characters over and over. */
function isRepetitive(lower: string): boolean {
  if (new Set(lower).size <= 3) return true;
  // Letters, digits and symbols each a short unit repeated: "abab1212", "aaaa1111", "xyxy!!99".
  const runs = lower.match(/[a-z]+|[0-9]+|[^a-z0-9]+/g) ?? [];
  if (runs.length <= 3 && runs.every((r) => /^(.{1,2})\1+$/.test(r))) return true;
  return /^(.{1,4})\1{2,}.{0,2}$/.test(lower) || /^.{0,2}(.{1,4})\1{2,}$/.test(lower);
}

export interface WeakPasswordContext {
  /** The account's user name (often a pinyin name): the password may not contain it. */
  username?: string;
  /** Other words about the person (display name in Latin letters, unit abbreviation). */
  words?: readonly string[];
}

const ADVICE = '请换一个别人猜不到的密码，例如把两三个不相关的词和数字、符号穿插组合（如 Lan9Hai-Qiao27）。';

/**
 * Why `password` is too easy to guess, in Chinese with what to do instead; null when it is not. Checks
 * only what the letters-and-digits rule (newPasswordSchema) leaves open.
 */
export function weakPasswordReason(password: string, ctx: WeakPasswordContext = {}): string | null {
  const forms = variants(password);
  const lower = forms[0]!;
  if (forms.some((f) => COMMON_SET.has(f))) return `新密码是最常见的弱密码之一（如 P@ssw0rd、Aa123456、qwer1234），很容易被猜中。${ADVICE}`;

  const name = ctx.username?.normalize('NFKC').trim().toLowerCase() ?? '';
  if (name.length >= 3 && forms.some((f) => f.includes(name))) return `新密码不能包含用户名（${ctx.username!.trim()}），${ADVICE}`;
  for (const w of ctx.words ?? []) {
    const word = w.normalize('NFKC').trim().toLowerCase();
    if (/^[a-z]{3,}$/.test(word) && forms.some((f) => f.includes(word))) return `新密码不能包含姓名或单位名称的拼音（${w.trim()}），${ADVICE}`;
  }

  if (isRepetitive(lower)) return `新密码重复的字符太多（如 11111111a、aaaa1111），很容易被猜中。${ADVICE}`;
  if (lower.length <= 40 && forms.some((f) => isWalk(f))) return `新密码是键盘上挨着的键或连续的字母、数字（如 1qaz2wsx、qwer1234、abc12345），很容易被猜中。${ADVICE}`;

  const cores = forms.map(core);
  const letters = cores[0]!;
  if (letters.length <= 3) return `新密码几乎全是数字，字母部分太短（如 Aa123456、abc12345、11111111a），很容易被猜中。请多用几个字母，并和数字穿插起来。`;
  if (cores.some((c) => CORE_SET.has(c) || COMMON_SET.has(c))) return `新密码是常见单词加数字、年份或符号（如 password1、Admin@2024），很容易被猜中。${ADVICE}`;
  if (cores.some((c) => c.length <= 18 && PINYIN_NAME.test(c))) return `新密码像是姓名拼音加数字（如 zhangsan1、wangwei1990），很容易被猜中。${ADVICE}`;
  if (cores.some((c) => isWalk(c, 2))) return `新密码的字母部分是键盘上挨着的键或连续字母（如 qwer、asdf、abcd），很容易被猜中。${ADVICE}`;
  return null;
}
