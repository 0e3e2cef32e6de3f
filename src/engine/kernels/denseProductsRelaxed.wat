;; The int8 product of denseProducts.wat with relaxed SIMD's 8-bit dot product
;; (i32x4.relaxed_dot_i8x16_i7x16_add_s: 16 products summed in fours into 32-bit lanes, one
;; instruction), which Chromium runs and standard SIMD lacks. Its second operand must have the top
;; bit clear, so A holds 7-bit values in [0, 127] (non-negative activations such as pixels or ReLU
;; outputs) and Bᵀ int8 weights in [-127, 127]; then every engine gives the exact sum.
;; out[r * cols + c] = Σ_s a[r * n + s] · bt[c * n + s]; n is a multiple of 64.
;; Compiled by scripts/build-wasm.ts into denseProductsRelaxedWasm.ts.
(module
  (memory (export "memory") 1)
  (func $dot (param $a i32) (param $b i32) (param $bytes i32) (result i32)
    (local $s i32) (local $acc0 v128) (local $acc1 v128)
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $s) (local.get $bytes)))
        (local.set $acc0 (i32x4.relaxed_dot_i8x16_i7x16_add_s
          (v128.load offset=0 (i32.add (local.get $b) (local.get $s))) (v128.load offset=0 (i32.add (local.get $a) (local.get $s))) (local.get $acc0)))
        (local.set $acc1 (i32x4.relaxed_dot_i8x16_i7x16_add_s
          (v128.load offset=16 (i32.add (local.get $b) (local.get $s))) (v128.load offset=16 (i32.add (local.get $a) (local.get $s))) (local.get $acc1)))
        (local.set $acc0 (i32x4.relaxed_dot_i8x16_i7x16_add_s
          (v128.load offset=32 (i32.add (local.get $b) (local.get $s))) (v128.load offset=32 (i32.add (local.get $a) (local.get $s))) (local.get $acc0)))
        (local.set $acc1 (i32x4.relaxed_dot_i8x16_i7x16_add_s
          (v128.load offset=48 (i32.add (local.get $b) (local.get $s))) (v128.load offset=48 (i32.add (local.get $a) (local.get $s))) (local.get $acc1)))
        (local.set $s (i32.add (local.get $s) (i32.const 64)))
        (br $terms)))
    (local.set $acc0 (i32x4.add (local.get $acc0) (local.get $acc1)))
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc0)) (i32x4.extract_lane 1 (local.get $acc0)))
             (i32.add (i32x4.extract_lane 2 (local.get $acc0)) (i32x4.extract_lane 3 (local.get $acc0)))))

  (func (export "gemmI8") (param $a i32) (param $bt i32) (param $out i32) (param $rows i32) (param $cols i32) (param $n i32)
    (local $r i32) (local $c i32)
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (i32.store (local.get $out)
              (call $dot (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $n))) (i32.add (local.get $bt) (i32.mul (local.get $c) (local.get $n))) (local.get $n)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))))
