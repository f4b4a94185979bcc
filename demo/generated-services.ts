import type { Service } from '../src/catalog/types.js';

const words = ['Saigon', 'Mekong', 'Hà Nội', 'Đà Nẵng', 'Kuala', 'Penang', 'Pacific', 'Lotus', 'Orchid', 'Golden', 'Ocean', 'Royal', 'Union', 'Capital', 'Phoenix', 'Harbour'];
const kinds = ['Bank', 'Finance', 'Savings', 'Credit', 'Wallet', 'Pay'];
const countries = ['VN', 'MY', 'SG', 'TH', 'ID', 'PH'];
const types = ['bank', 'statement', 'other'];

/** A large synthetic catalog for trying the picker's windowing (deterministic). */
export function generatedServices(count: number, mediaPath: string): Service[] {
  return Array.from({ length: count }, (_, index) => {
    const name = `${words[index % words.length]} ${words[(index * 7) % words.length]} ${kinds[index % kinds.length]} ${index + 1}`;
    const hue = (index * 47) % 360;
    return {
      id: 100_000 + index,
      name,
      provider: 'Finsify',
      media_path: mediaPath,
      cover_file_name: null,
      logo_file_name: null,
      color: { primary: hslToHex(hue, 0.65, 0.42), secondary: null },
      type: types[index % types.length]!,
      country_code: countries[index % countries.length]!,
      has_balance: index % 2 === 0,
      call_to_action: null,
    };
  });
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const a = saturation * Math.min(lightness, 1 - lightness);
    const channel = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(channel * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}
