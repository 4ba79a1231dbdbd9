using Mono.Cecil;

namespace FalloutManagement.ArchitectureTests;

/// <summary>
/// Every top-level type of the API assembly with the top-level types it uses, read from the IL with Mono.Cecil (which
/// NetArchTest runs on). Lambdas, local functions and async methods compile to nested, compiler-generated types;
/// their uses count for the type that declares them. NetArchTest's dependency search leaves those nested types out,
/// and nearly every endpoint is a lambda, so the module rule reads the IL itself.
/// </summary>
internal static class ApiDependencies
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Uses = new(Load);

    /// <summary>Top-level type full name → the top-level types (full names, nested types folded into their outermost) it uses.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ByType => Uses.Value;

    public static string NamespaceOf(string fullName) => fullName.LastIndexOf('.') is var dot and >= 0 ? fullName[..dot] : "";

    private static Dictionary<string, IReadOnlySet<string>> Load()
    {
        using var module = ModuleDefinition.ReadModule(typeof(Program).Assembly.Location);
        var uses = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var type in module.Types.Where(t => t.Name != "<Module>"))
        {
            var found = new HashSet<string>();
            Collect(type, found);
            found.Remove(type.FullName);
            uses[type.FullName] = found;
        }
        return uses;
    }

    private static void Collect(TypeDefinition type, HashSet<string> uses)
    {
        Add(type.BaseType, uses);
        foreach (var contract in type.Interfaces)
        {
            Add(contract.InterfaceType, uses);
        }
        AddAttributes(type, uses);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, uses);
            AddAttributes(field, uses);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, uses);
            AddAttributes(property, uses);
        }
        foreach (var method in type.Methods)
        {
            CollectMethod(method, uses);
        }
        foreach (var nested in type.NestedTypes)
        {
            Collect(nested, uses);
        }
    }

    private static void CollectMethod(MethodDefinition method, HashSet<string> uses)
    {
        Add(method.ReturnType, uses);
        AddAttributes(method, uses);
        foreach (var parameter in method.Parameters)
        {
            Add(parameter.ParameterType, uses);
            AddAttributes(parameter, uses);
        }
        if (!method.HasBody)
        {
            return;
        }
        foreach (var variable in method.Body.Variables)
        {
            Add(variable.VariableType, uses);
        }
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference typeReference:
                    Add(typeReference, uses);
                    break;
                case MethodReference methodReference:
                    Add(methodReference.DeclaringType, uses);
                    Add(methodReference.ReturnType, uses);
                    foreach (var parameter in methodReference.Parameters)
                    {
                        Add(parameter.ParameterType, uses);
                    }
                    if (methodReference is GenericInstanceMethod generic)
                    {
                        foreach (var argument in generic.GenericArguments)
                        {
                            Add(argument, uses);
                        }
                    }
                    break;
                case FieldReference fieldReference:
                    Add(fieldReference.DeclaringType, uses);
                    Add(fieldReference.FieldType, uses);
                    break;
            }
        }
    }

    private static void AddAttributes(ICustomAttributeProvider provider, HashSet<string> uses)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Add(attribute.AttributeType, uses);
            foreach (var argument in attribute.ConstructorArguments)
            {
                Add(argument.Value as TypeReference, uses);
            }
        }
    }

    private static void Add(TypeReference? type, HashSet<string> uses)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(generic.ElementType, uses);
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument, uses);
                }
                return;
            case TypeSpecification specification:
                Add(specification.ElementType, uses);
                return;
        }
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        uses.Add(type.FullName);
    }
}
