// The UI bench's floors: what Milepost cannot run less than, and nothing of its own beyond it.
// `startFloor(stateOf)` is Milepost's four required libraries doing the least the bench asks of
// Milepost: nanostores holds what idb-keyval read from IndexedDB (written back once); preact renders
// a launcher and a tooltip into a shadow root; floating-ui places the tooltip with the middleware
// Milepost's anchor uses and keeps it placed (autoUpdate). `stateOf(saved)` gives the launcher's
// count and the tooltip's text: fixed in floor-libraries.js, the engine's in floor-engine.js.
import { arrow, autoUpdate, computePosition, flip, hide, offset, shift } from '@floating-ui/dom'
import { createStore, get, set } from 'idb-keyval'
import { atom, computed } from 'nanostores'
import { h, render } from 'preact'

const CSS = `:host{font:13px system-ui,sans-serif}.st{position:fixed;right:16px;bottom:16px}
.lc{padding:8px 12px;border-radius:20px;border:1px solid #ccc;background:#fff}
.tp{position:fixed;top:0;left:0;width:max-content;max-width:280px;padding:8px 12px;background:#fff;border:1px solid #ccc}
.ar{position:absolute;width:8px;height:8px;background:#fff;transform:rotate(45deg)}`

const Tip = ({ text }) =>
  h('div', {
    class: 'tp', role: 'dialog', 'aria-label': text,
    ref: (el) => {
      const target = el && document.querySelector('#target')
      if (!target) return
      const tip = el.querySelector('.ar')
      autoUpdate(target, el, () => void computePosition(target, el, {
        strategy: 'fixed', placement: 'bottom',
        middleware: [offset(10), flip({ padding: 8, crossAxis: false }), shift({ padding: 8, crossAxis: true }), arrow({ element: tip, padding: 8 }), hide()],
      }).then(({ x, y }) => Object.assign(el.style, { left: `${x}px`, top: `${y}px` })))
    },
  }, h('div', { class: 'ar' }), h('p', null, text), h('button', { type: 'button' }, 'Got it'))

/** @param {(saved: object) => { done: number, total: number, text: string }} stateOf */
export const startFloor = (stateOf) => {
  const $saved = atom(undefined)
  const $state = computed($saved, (saved) => saved && stateOf(saved))
  const store = createStore('floor', 'progress')
  void get('progress', store).then((saved) => {
    $saved.set(saved ?? {})
    void set('progress', { seenAt: Date.now() }, store)
  })
  let root
  $state.subscribe((state) => {
    if (!state) return
    if (!root) {
      const host = document.createElement('milepost-ui')
      document.body.append(host)
      const shadow = host.attachShadow({ mode: 'open' })
      const style = document.createElement('style')
      style.textContent = CSS
      root = document.createElement('div')
      shadow.append(style, root)
    }
    render(h('section', { class: 'r' },
      h('div', { class: 'sr', role: 'status' }),
      h('div', { class: 'st' }, h('button', { type: 'button', class: 'lc' }, `${state.done} of ${state.total}`)),
      h(Tip, { text: state.text })), root)
  })
}
