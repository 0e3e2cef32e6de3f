;; out[i - first, :] += sum over k in rowPtr[i] .. rowPtr[i + 1] of values[k] * b[colIndex[k], :]
;; for rows i in [first, first + count): a sparse matrix (CSR) times a dense one, with 128-bit SIMD.
;; Rows of b and out are `hb` bytes long (a multiple of 16). Each output row is done in blocks of
;; 8 vectors (32 floats) held in locals while the row's non-zeros stream past, then one vector
;; at a time for the rest: the accumulators are loaded and stored once per block, not per product.
;; Compiled by scripts/build-wasm.ts into sparseTimesDenseWasm.ts.
(module
  (memory (export "memory") 1)
  (func (export "multiply")
    (param $rowPtr i32) (param $colIndex i32) (param $values i32) (param $b i32) (param $out i32)
    (param $first i32) (param $count i32) (param $hb i32)
    (local $i i32) (local $end i32) (local $k i32) (local $kStart i32) (local $kEnd i32) (local $v v128)
    (local $row i32) (local $o i32) (local $j i32) (local $blockEnd i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $i (local.get $first))
    (local.set $end (i32.add (local.get $first) (local.get $count)))
    (local.set $o (local.get $out))
    ;; The last byte offset at which a whole block of 8 vectors still fits.
    (local.set $blockEnd (i32.sub (local.get $hb) (i32.const 112)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $kStart (i32.load (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $kEnd (i32.load offset=4 (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_s (local.get $j) (local.get $blockEnd)))
            (local.set $a0 (v128.load offset=0 (i32.add (local.get $o) (local.get $j))))
            (local.set $a1 (v128.load offset=16 (i32.add (local.get $o) (local.get $j))))
            (local.set $a2 (v128.load offset=32 (i32.add (local.get $o) (local.get $j))))
            (local.set $a3 (v128.load offset=48 (i32.add (local.get $o) (local.get $j))))
            (local.set $a4 (v128.load offset=64 (i32.add (local.get $o) (local.get $j))))
            (local.set $a5 (v128.load offset=80 (i32.add (local.get $o) (local.get $j))))
            (local.set $a6 (v128.load offset=96 (i32.add (local.get $o) (local.get $j))))
            (local.set $a7 (v128.load offset=112 (i32.add (local.get $o) (local.get $j))))
            (local.set $k (local.get $kStart))
            (block $blockEntriesDone
              (loop $blockEntries
                (br_if $blockEntriesDone (i32.ge_u (local.get $k) (local.get $kEnd)))
                (local.set $v (f32x4.splat (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $row (i32.add (local.get $b)
                  (i32.mul (i32.load (i32.add (local.get $colIndex) (i32.shl (local.get $k) (i32.const 2)))) (local.get $hb))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (v128.load offset=0 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $v) (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $v) (v128.load offset=32 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $v) (v128.load offset=48 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $v) (v128.load offset=64 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $v) (v128.load offset=80 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $v) (v128.load offset=96 (i32.add (local.get $row) (local.get $j))))))
                (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $v) (v128.load offset=112 (i32.add (local.get $row) (local.get $j))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $blockEntries)))
            (v128.store offset=0 (i32.add (local.get $o) (local.get $j)) (local.get $a0))
            (v128.store offset=16 (i32.add (local.get $o) (local.get $j)) (local.get $a1))
            (v128.store offset=32 (i32.add (local.get $o) (local.get $j)) (local.get $a2))
            (v128.store offset=48 (i32.add (local.get $o) (local.get $j)) (local.get $a3))
            (v128.store offset=64 (i32.add (local.get $o) (local.get $j)) (local.get $a4))
            (v128.store offset=80 (i32.add (local.get $o) (local.get $j)) (local.get $a5))
            (v128.store offset=96 (i32.add (local.get $o) (local.get $j)) (local.get $a6))
            (v128.store offset=112 (i32.add (local.get $o) (local.get $j)) (local.get $a7))
            (local.set $j (i32.add (local.get $j) (i32.const 128)))
            (br $blocks)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $hb)))
            (local.set $a0 (v128.load offset=0 (i32.add (local.get $o) (local.get $j))))
            (local.set $k (local.get $kStart))
            (block $tailEntriesDone
              (loop $tailEntries
                (br_if $tailEntriesDone (i32.ge_u (local.get $k) (local.get $kEnd)))
                (local.set $v (f32x4.splat (f32.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $row (i32.add (local.get $b)
                  (i32.mul (i32.load (i32.add (local.get $colIndex) (i32.shl (local.get $k) (i32.const 2)))) (local.get $hb))))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $v) (v128.load offset=0 (i32.add (local.get $row) (local.get $j))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $tailEntries)))
            (v128.store offset=0 (i32.add (local.get $o) (local.get $j)) (local.get $a0))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $tail)))
        (local.set $o (i32.add (local.get $o) (local.get $hb)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
