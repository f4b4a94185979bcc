import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pageSize, scrollTopToReveal, windowRange, type WindowRange } from './window-range.js';

/** Must match the default of `--finsify-picker-row-height`; used until a row has been measured. */
export const DEFAULT_ROW_HEIGHT = 56;
/** Used until the list has been laid out once: roughly the default `--finsify-picker-max-height`. */
const DEFAULT_VIEWPORT_HEIGHT = 384;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 6;

/**
 * Follows the scroll position and size of a fixed-row-height list so the host renders only the
 * rows in view (plus an overscan). Scroll events are passive and folded into one read per
 * animation frame; the host re-renders only when the first visible row or the size changes.
 */
export class WindowController implements ReactiveController {
  #element: HTMLElement | undefined;
  #scrollTop = 0;
  #viewportHeight = 0;
  /** The row height in use, in CSS pixels (measured from a rendered row); read-only outside. */
  rowHeight = DEFAULT_ROW_HEIGHT;
  #frame = 0;
  #resizeObserver: ResizeObserver | undefined;

  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Starts following `element`, the scroll container; a no-op when it already is. */
  observe(element: HTMLElement | undefined): void {
    if (element === this.#element) return;
    this.#stop();
    this.#element = element;
    this.#start();
  }

  hostConnected(): void {
    this.#start();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** The rows to render for a list of `total` rows. */
  range(total: number): WindowRange {
    return windowRange({
      total,
      rowHeight: this.rowHeight,
      scrollTop: this.#scrollTop,
      viewportHeight: this.#viewportHeight || DEFAULT_VIEWPORT_HEIGHT,
      overscan: OVERSCAN,
    });
  }

  /** Rows per PageUp/PageDown. */
  page(): number {
    return pageSize(this.rowHeight, this.#liveViewportHeight());
  }

  /**
   * Scrolls so row `index` (0 or more) is fully visible, and records the new position at once so the very
   * next render already includes that row (it may not be in the DOM yet).
   */
  reveal(index: number): void {
    const current = this.#element?.scrollTop ?? this.#scrollTop;
    const next = scrollTopToReveal(index, this.rowHeight, current, this.#liveViewportHeight());
    if (next !== current && this.#element) this.#element.scrollTop = next;
    // The browser may clamp; read back what it accepted, falling back to our own figure.
    this.#scrollTop = this.#element?.scrollTop ?? next;
    if (Math.abs(this.#scrollTop - next) > 1) this.#scrollTop = next;
    this.#host.requestUpdate();
  }

  /** Back to the top, for a new list (a new search). */
  resetScroll(): void {
    this.#scrollTop = 0;
    if (this.#element) this.#element.scrollTop = 0;
  }

  #liveViewportHeight(): number {
    return this.#element?.clientHeight || this.#viewportHeight || DEFAULT_VIEWPORT_HEIGHT;
  }

  #start(): void {
    const element = this.#element;
    if (!element) return;
    element.addEventListener('scroll', this.#schedule, { passive: true });
    if (typeof ResizeObserver !== 'undefined') {
      this.#resizeObserver ??= new ResizeObserver(this.#schedule);
      this.#resizeObserver.observe(element);
    }
  }

  #stop(): void {
    this.#element?.removeEventListener('scroll', this.#schedule);
    this.#resizeObserver?.disconnect();
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  /**
   * Scrolls and resizes are both read in the next animation frame: one read per frame however
   * many events, and a re-render caused by a resize never runs inside the ResizeObserver callback
   * (which would change observed sizes mid-delivery and raise "ResizeObserver loop" errors).
   */
  readonly #schedule = (): void => {
    // A hidden page gets no animation frames until shown: read now, so the rendered window
    // (and what assistive technology reads from it) follows scripted scrolling meanwhile.
    if (document.visibilityState === 'hidden') {
      this.#measure();
      return;
    }
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#measure();
    });
  };

  #measure(): void {
    const element = this.#element;
    if (!element) return;
    const before = this.#snapshot();
    this.#scrollTop = element.scrollTop;
    this.#viewportHeight = element.clientHeight;
    const row = element.querySelector<HTMLElement>('[role="option"]');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0) this.rowHeight = height;
    if (this.#snapshot() !== before) this.#host.requestUpdate();
  }

  /** What the rendered window depends on; scrolling within a row changes nothing. */
  #snapshot(): string {
    return `${Math.floor(this.#scrollTop / this.rowHeight)}:${this.#viewportHeight}:${this.rowHeight}`;
  }
}
