/**
 * "Firefox on Linux" from a User-Agent header: the browser family and the system, never the full
 * string (which is closer to a fingerprint than anyone needs to recognise their own session).
 */
export function describeUserAgent(ua: string | undefined): string | undefined {
  if (!ua || typeof ua !== 'string') return undefined;
  const browser = browserOf(ua);
  const system = systemOf(ua);
  if (!browser && !system) return undefined;
  return [browser ?? 'Unknown browser', system].filter(Boolean).join(' on ');
}

function browserOf(ua: string): string | undefined {
  const rules: [RegExp, string][] = [
    [/\bEdg(e|A|iOS)?\/\d/, 'Edge'],
    [/\bOPR\/\d|\bOpera\b/, 'Opera'],
    [/\bSamsungBrowser\/\d/, 'Samsung Internet'],
    [/\bFirefox\/\d|\bFxiOS\/\d/, 'Firefox'],
    [/\bChrom(e|ium)\/\d|\bCriOS\/\d/, 'Chrome'],
    [/\bVersion\/[\d.]+.*\bSafari\/\d/, 'Safari'],
    [/\bcurl\/\d/, 'curl'],
  ];
  return rules.find(([re]) => re.test(ua))?.[1];
}

function systemOf(ua: string): string | undefined {
  const rules: [RegExp, string][] = [
    [/\bAndroid\b/, 'Android'],
    [/\biPhone|iPad|iPod\b/, 'iOS'],
    [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
    [/\bWindows\b/, 'Windows'],
    [/\bCrOS\b/, 'ChromeOS'],
    [/\bLinux\b/, 'Linux'],
  ];
  return rules.find(([re]) => re.test(ua))?.[1];
}
