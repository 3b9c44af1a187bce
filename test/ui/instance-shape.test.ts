import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Milepost } from '../../src/runtime/api'
import type { UiInstance } from '../../src/ui/index'

describe('the instance mountUi takes', () => {
  it('is what createMilepost() returns (checked by the typecheck)', () => {
    expectTypeOf<Milepost>().toExtend<UiInstance>()
    const accept = (m: Milepost): UiInstance => m
    expect(typeof accept).toBe('function')
  })
})
