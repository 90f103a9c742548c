// Ambient types for flat-tree 1.13.x (written against node_modules/flat-tree/index.js): only what the chat app uses.

declare module 'flat-tree' {
  /** The roots of a tree of `index / 2` leaves (index even): the node indexes, left to right. */
  export function fullRoots(index: number, result?: number[]): number[]
  /** The parent of a node. */
  export function parent(index: number, depth?: number): number
  /** The left and right child of a node (null for a leaf). */
  export function children(index: number, depth?: number): [number, number] | null
  /** The leftmost and rightmost leaf node (in node indexes) under a node. */
  export function leftSpan(index: number, depth?: number): number
  export function rightSpan(index: number, depth?: number): number
}
