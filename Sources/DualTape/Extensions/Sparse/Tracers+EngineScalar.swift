// The engine scalars' defaults of Differentiable (Core/Protocol/Differentiable.swift: `T(i)`
// from an Int), which plain Double and Float do not see.
extension JacobianTracer: _EngineScalar {}
extension HessianTracer: _EngineScalar {}
