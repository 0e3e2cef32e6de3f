;; Dense products for the float32-versus-int8 comparison of lesson 9, with 128-bit SIMD.
;; out[r * cols + c] = Σ_s a[r * n + s] · bt[c * n + s]: A (rows × n) times B given transposed
;; (cols × n), so both operands of every dot product are contiguous. n is a multiple of 16.
;; float32: 4 vectors of 4 products per 16 terms (8 loads, 4 multiplies, 4 adds).
;; int8 (values in [-127, 127], as Jacob et al. 2018 keep weights): i16x8.extmul gives 8 products
;; of the low and 8 of the high bytes; |product| ≤ 16,129, so their sum fits in 16 bits and one
;; i32x4.extadd_pairwise widens it (2 loads, 2 multiplies, 3 adds per 16 terms, four times per step). Standard wasm SIMD
;; has no 8-bit multiply-accumulate into 32 bits, which is why this is about 2× and not 4×.
;; Compiled by scripts/build-wasm.ts into denseProductsWasm.ts.
(module
  (memory (export "memory") 1)
  (func $dotF32 (param $a i32) (param $b i32) (param $bytes i32) (result f32)
    (local $s i32) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $t v128)
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $s) (local.get $bytes)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load offset=0 (i32.add (local.get $a) (local.get $s))) (v128.load offset=0 (i32.add (local.get $b) (local.get $s))))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load offset=16 (i32.add (local.get $a) (local.get $s))) (v128.load offset=16 (i32.add (local.get $b) (local.get $s))))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (v128.load offset=32 (i32.add (local.get $a) (local.get $s))) (v128.load offset=32 (i32.add (local.get $b) (local.get $s))))))
        (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (v128.load offset=48 (i32.add (local.get $a) (local.get $s))) (v128.load offset=48 (i32.add (local.get $b) (local.get $s))))))
        (local.set $s (i32.add (local.get $s) (i32.const 64)))
        (br $terms)))
    (local.set $t (f32x4.add (f32x4.add (local.get $acc0) (local.get $acc1)) (f32x4.add (local.get $acc2) (local.get $acc3))))
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $t)) (f32x4.extract_lane 1 (local.get $t)))
             (f32.add (f32x4.extract_lane 2 (local.get $t)) (f32x4.extract_lane 3 (local.get $t)))))

  (func $dotI8 (param $a i32) (param $b i32) (param $bytes i32) (result i32)
    (local $s i32) (local $acc0 v128) (local $acc1 v128) (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128)
    (block $done
      (loop $terms
        (br_if $done (i32.ge_u (local.get $s) (local.get $bytes)))
        (local.set $va (v128.load offset=0 (i32.add (local.get $a) (local.get $s))))
        (local.set $vb (v128.load offset=0 (i32.add (local.get $b) (local.get $s))))
        (local.set $vc (v128.load offset=16 (i32.add (local.get $a) (local.get $s))))
        (local.set $vd (v128.load offset=16 (i32.add (local.get $b) (local.get $s))))
        (local.set $acc0 (i32x4.add (local.get $acc0) (i32x4.extadd_pairwise_i16x8_s
          (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $va) (local.get $vb)) (i16x8.extmul_high_i8x16_s (local.get $va) (local.get $vb))))))
        (local.set $acc1 (i32x4.add (local.get $acc1) (i32x4.extadd_pairwise_i16x8_s
          (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $vc) (local.get $vd)) (i16x8.extmul_high_i8x16_s (local.get $vc) (local.get $vd))))))
        (local.set $va (v128.load offset=32 (i32.add (local.get $a) (local.get $s))))
        (local.set $vb (v128.load offset=32 (i32.add (local.get $b) (local.get $s))))
        (local.set $vc (v128.load offset=48 (i32.add (local.get $a) (local.get $s))))
        (local.set $vd (v128.load offset=48 (i32.add (local.get $b) (local.get $s))))
        (local.set $acc0 (i32x4.add (local.get $acc0) (i32x4.extadd_pairwise_i16x8_s
          (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $va) (local.get $vb)) (i16x8.extmul_high_i8x16_s (local.get $va) (local.get $vb))))))
        (local.set $acc1 (i32x4.add (local.get $acc1) (i32x4.extadd_pairwise_i16x8_s
          (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $vc) (local.get $vd)) (i16x8.extmul_high_i8x16_s (local.get $vc) (local.get $vd))))))
        (local.set $s (i32.add (local.get $s) (i32.const 64)))
        (br $terms)))
    (local.set $acc0 (i32x4.add (local.get $acc0) (local.get $acc1)))
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc0)) (i32x4.extract_lane 1 (local.get $acc0)))
             (i32.add (i32x4.extract_lane 2 (local.get $acc0)) (i32x4.extract_lane 3 (local.get $acc0)))))

  (func (export "gemmF32") (param $a i32) (param $bt i32) (param $out i32) (param $rows i32) (param $cols i32) (param $n i32)
    (local $r i32) (local $c i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store (local.get $out)
              (call $dotF32 (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $rowBytes))) (i32.add (local.get $bt) (i32.mul (local.get $c) (local.get $rowBytes))) (local.get $rowBytes)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

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
              (call $dotI8 (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $n))) (i32.add (local.get $bt) (i32.mul (local.get $c) (local.get $n))) (local.get $n)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))))
