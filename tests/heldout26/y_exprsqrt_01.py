"""Symbolic derivative of sqrt in the expression parser of GROOPS (source/parser/expressionParser.cpp, ExpressionSqrt::derivative).

Source: https://github.com/groops-devs/groops/issues/246 ("Question about \"derivative()\" method in class
\"ExpressionSqrt\""): "the statement \"return operand->derivative(var)/sqrt(operand->clone());\" seems to
be wrong. The correct way maybe \"return operand->derivative(var)/ (exprValue(2.0)*sqrt(operand->clone()));\""
; the maintainer: "You are right. We fixed the bug." The C++ expression tree (values, variables, sums,
products, sqrt, each with evaluate and a symbolic derivative) is translated to pure Python and used on
f(x, y) = x sqrt(x^2 + y^2 + 1), differentiated symbolically in x and evaluated element by element.
Loss: sum_i x_i sqrt(x_i^2 + y_i^2 + 1); x, y (5,).
"""

import math

import torch

from verify import derivation


class Expr:
    pass


class Value(Expr):
    def __init__(self, v):
        self.v = v

    def evaluate(self, env):
        return self.v

    def derivative(self, var):
        return Value(0.0)


class Var(Expr):
    def __init__(self, name):
        self.name = name

    def evaluate(self, env):
        return env[self.name]

    def derivative(self, var):
        return Value(1.0 if var == self.name else 0.0)


class Add(Expr):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def evaluate(self, env):
        return self.a.evaluate(env) + self.b.evaluate(env)

    def derivative(self, var):
        return Add(self.a.derivative(var), self.b.derivative(var))


class Mul(Expr):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def evaluate(self, env):
        return self.a.evaluate(env) * self.b.evaluate(env)

    def derivative(self, var):
        return Add(Mul(self.a.derivative(var), self.b), Mul(self.a, self.b.derivative(var)))


class Div(Expr):
    def __init__(self, a, b):
        self.a, self.b = a, b

    def evaluate(self, env):
        return self.a.evaluate(env) / self.b.evaluate(env)


class Sqrt(Expr):
    def __init__(self, operand):
        self.operand = operand

    def evaluate(self, env):
        return math.sqrt(self.operand.evaluate(env))

    def derivative(self, var):
        return Div(self.operand.derivative(var), Sqrt(self.operand))  # <- wrong


class SqrtFixed(Sqrt):
    def derivative(self, var):
        return Div(self.operand.derivative(var), Mul(Value(2.0), Sqrt(self.operand)))


def loss(x, y):
    return (x * torch.sqrt(x ** 2 + y ** 2 + 1)).sum()


def build(sqrt):
    x, y = Var("x"), Var("y")
    return Mul(x, sqrt(Add(Add(Mul(x, x), Mul(y, y)), Value(1.0))))


def grad(x, y):
    d = build(Sqrt).derivative("x")
    return [d.evaluate({"x": float(x[i]), "y": float(y[i])}) for i in range(len(x))]


def grad_fixed(x, y):
    d = build(SqrtFixed).derivative("x")
    return [d.evaluate({"x": float(x[i]), "y": float(y[i])}) for i in range(len(x))]


SPEC = dict(wrt="x", shapes={"x": (5,), "y": (5,)})
case = derivation(loss, grad, **SPEC, name="y_exprsqrt_01")
CAUSE = "square-factor"
FIX = "Divide by 2 sqrt(u) in the derivative of sqrt(u): u' / (2 sqrt(u))."
