// Runs inside the benchmark page. Plain JavaScript: the page loads it as is.
(() => {
  const RUNS = 7;
  const QUERY = 'saigon lotus bank 7';
  const words = ['Saigon', 'Mekong', 'Hà Nội', 'Đà Nẵng', 'Kuala', 'Penang', 'Pacific', 'Lotus', 'Orchid', 'Golden', 'Ocean', 'Royal', 'Union', 'Capital', 'Phoenix', 'Harbour'];
  const kinds = ['Bank', 'Finance', 'Savings', 'Credit', 'Wallet', 'Pay'];

  function makeServices(count) {
    return Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      name: `${words[i % words.length]} ${words[(i * 7) % words.length]} ${kinds[i % kinds.length]} ${i + 1}`,
      provider: 'Finsify',
      media_path: null,
      logo_file_name: null,
      cover_file_name: null,
      color: { primary: '#0b5cc2', secondary: null },
      type: ['bank', 'statement', 'other'][i % 3],
      country_code: ['VN', 'MY', 'SG'][i % 3],
      has_balance: true,
      call_to_action: null,
    }));
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
  // Reading offsetHeight forces style and layout now, so the time covers a laid-out list.
  const forceLayout = () => document.body.offsetHeight;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();

  async function baselineFirstRender(services, stage) {
    const start = performance.now();
    const list = document.createElement('ul');
    list.innerHTML = services.map((s) => `<li>${escape(s.name)}</li>`).join('');
    stage.append(list);
    forceLayout();
    return { time: performance.now() - start, list };
  }

  async function pickerFirstRender(services, stage) {
    const start = performance.now();
    const picker = document.createElement('finsify-service-picker');
    picker.services = services;
    stage.append(picker);
    await picker.updateComplete;
    forceLayout();
    return { time: performance.now() - start, picker };
  }

  async function baselineKeystrokes(services, list) {
    const folded = services.map((s) => fold(s.name));
    const times = [];
    for (let i = 1; i <= QUERY.length; i += 1) {
      const start = performance.now();
      const query = fold(QUERY.slice(0, i)).split(/\s+/).filter(Boolean);
      const html = [];
      for (let j = 0; j < services.length; j += 1) {
        if (query.every((word) => folded[j].includes(word))) html.push(`<li>${escape(services[j].name)}</li>`);
      }
      list.innerHTML = html.join('');
      forceLayout();
      times.push(performance.now() - start);
      await settle();
    }
    return times;
  }

  async function pickerKeystrokes(picker) {
    const input = picker.shadowRoot.querySelector('input[role="combobox"], input');
    const times = [];
    for (let i = 1; i <= QUERY.length; i += 1) {
      const start = performance.now();
      input.value = QUERY.slice(0, i);
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: QUERY[i - 1], inputType: 'insertText' }));
      await picker.updateComplete;
      forceLayout();
      times.push(performance.now() - start);
      await settle();
    }
    return times;
  }

  window.runPickerBench = async (count) => {
    const stage = document.querySelector('#stage');
    const firstRender = { picker: [], baseline: [] };
    const keys = { picker: [], baseline: [] };
    let optionNodes = 0;
    let liNodes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      // Fresh objects each run so neither side benefits from caches keyed by identity.
      const base = await baselineFirstRender(makeServices(count), stage);
      firstRender.baseline.push(base.time);
      await settle();
      keys.baseline.push(...(await baselineKeystrokes(makeServices(count), base.list)));
      liNodes = count;
      base.list.remove();
      await settle();

      const { time, picker } = await pickerFirstRender(makeServices(count), stage);
      firstRender.picker.push(time);
      optionNodes = picker.shadowRoot.querySelectorAll('[role="option"]').length;
      await settle();
      keys.picker.push(...(await pickerKeystrokes(picker)));
      picker.remove();
      await settle();
    }
    return {
      runs: RUNS,
      picker: { firstRender: median(firstRender.picker), keyMedian: median(keys.picker), keyP95: p95(keys.picker), optionNodes, keys: keys.picker },
      baseline: { firstRender: median(firstRender.baseline), keyMedian: median(keys.baseline), keyP95: p95(keys.baseline), optionNodes: liNodes },
    };
  };
})();
