// The heap: a bump allocator over the imported memory, driven by the SDK
// through opa_heap_ptr_get/set (it saves the pointer after loading data and
// resets it before each evaluation). Nothing is ever freed individually; an
// evaluation's garbage disappears when the host resets the pointer.

// The heap pointer stays 0 until the first allocation, which moves it to the
// end of static data: initialising it to __heap_base directly would need a
// start function, and the linker owns the module's start function.
let heapPtr: usize = 0;
// Counts the host's heap resets: memory allocated lazily for a value that
// outlives a reset (data loaded before the evaluations) may be reused after
// it, so such caches remember the generation they were made in.
let heapGeneration: u32 = 1;
// The end of memory as last seen; the host may grow memory behind our back,
// so a stale (smaller) value only sends us to the slow path once more.
let heapEnd: usize = 0;

// @ts-ignore: decorator
@inline
const ALIGN_MASK: usize = 7;

function heapStart(): usize {
  return (__heap_base + ALIGN_MASK) & ~ALIGN_MASK;
}

/** Allocates `size` bytes, 8-byte aligned. The memory is not cleared. */
// @ts-ignore: decorator
@inline
export function alloc(size: usize): usize {
  const p = heapPtr;
  const next = p + ((size + ALIGN_MASK) & ~ALIGN_MASK);
  if (p != 0 && next <= heapEnd) {
    heapPtr = next;
    return p;
  }
  return allocSlow(size);
}

function allocSlow(size: usize): usize {
  if (heapPtr == 0) heapPtr = heapStart();
  const p = heapPtr;
  const next = p + ((size + ALIGN_MASK) & ~ALIGN_MASK);
  if (next < p) outOfMemory();
  ensureMemory(next);
  heapPtr = next;
  return p;
}

function ensureMemory(end: usize): void {
  let have = (<usize>memory.size()) << 16;
  if (end > have) {
    const needed = <i32>((end - have + 0xffff) >>> 16);
    // Grow by at least half the current size so that a growing heap costs few grow calls.
    const wanted = max(needed, memory.size() >> 1);
    if (memory.grow(wanted) < 0 && memory.grow(needed) < 0) outOfMemory();
    have = (<usize>memory.size()) << 16;
  }
  heapEnd = have;
}

function outOfMemory(): void {
  // Cannot allocate the message: abort with a static C string.
  opa_abort(OUT_OF_MEMORY);
  unreachable();
}

// @ts-ignore: decorator
@external("env", "opa_abort")
declare function opa_abort(msg: usize): void;

const OUT_OF_MEMORY = memory.data<u8>([
  0x6f,
  0x75,
  0x74,
  0x20,
  0x6f,
  0x66,
  0x20,
  0x6d,
  0x65,
  0x6d,
  0x6f,
  0x72,
  0x79,
  0, // "out of memory"
]);

/**
 * Grows the block `p` of `oldSize` bytes to `newSize` bytes. A block that ends
 * at the top of the heap grows in place; any other block is copied.
 */
export function realloc(p: usize, oldSize: usize, newSize: usize): usize {
  const oldEnd = p + ((oldSize + ALIGN_MASK) & ~ALIGN_MASK);
  if (p != 0 && oldEnd == heapPtr) {
    const next = p + ((newSize + ALIGN_MASK) & ~ALIGN_MASK);
    if (next > heapEnd) ensureMemory(next);
    heapPtr = next;
    return p;
  }
  const q = alloc(newSize);
  if (p != 0) memory.copy(q, p, min(oldSize, newSize));
  return q;
}

/** The number of heap resets so far (see heapGeneration). */
// @ts-ignore: decorator
@inline
export function currentHeapGeneration(): u32 {
  return heapGeneration;
}

/** The current top of the heap; pass it to `heapRelease` to drop everything allocated since. */
// @ts-ignore: decorator
@inline
export function heapMark(): usize {
  return heapPtr;
}

/** Frees everything allocated after `mark` (for scratch memory of functions that return no new value). */
// @ts-ignore: decorator
@inline
export function heapRelease(mark: usize): void {
  heapPtr = mark;
}

export function opa_malloc(size: usize): usize {
  return alloc(size);
}

export function opa_free(_p: usize): void {}

export function opa_heap_ptr_get(): usize {
  if (heapPtr == 0) heapPtr = heapStart();
  return heapPtr;
}

export function opa_heap_ptr_set(p: usize): void {
  heapGeneration++;
  heapPtr = (p + ALIGN_MASK) & ~ALIGN_MASK;
  if (heapPtr > heapEnd) ensureMemory(heapPtr);
}
