# Element types are f32 and i32.
input x: f64[4]
input y: f32[4, 0]
output x
