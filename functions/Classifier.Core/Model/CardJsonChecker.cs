using System.Collections;
using System.Text;
using System.Text.Json;
using Classifier.Core.Spelling;

namespace Classifier.Core.Model;

/// <summary>
/// Reads a card's JSON against the card's own types before it is deserialised, so every mistake is reported
/// to the person who wrote the file: where it is (line), which field, what was expected and what was found.
/// The known fields at each level are the record's serialised properties, so a new card property needs no
/// edit here. Unknown fields, wrong types and enum values that are not spelled exactly are refused.
/// </summary>
internal sealed class CardJsonChecker
{
    private readonly byte[] _utf8;
    private readonly string _source;
    private readonly JsonSerializerOptions _options;

    private CardJsonChecker(byte[] utf8, string source, JsonSerializerOptions options) =>
        (_utf8, _source, _options) = (utf8, source, options);

    public static void Check<T>(string json, string source, JsonSerializerOptions options) =>
        new CardJsonChecker(Encoding.UTF8.GetBytes(json), source, options).Run(typeof(T));

    private void Run(Type root)
    {
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
                throw new ModelLoadException($"{_source}: the file is empty; a model card is a JSON object");
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Problem(ref reader, "the card must be a JSON object ({ ... })", field: null);
            CheckObject(ref reader, root, "");
            if (reader.Read())
                throw Problem(ref reader, "there is more after the card's closing brace", field: null);
        }
        catch (JsonException e)
        {
            // The reader's own syntax errors: keep its description, say where in words a person uses.
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var what = e.Message;
            var cut = what.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
                what = what[..cut].TrimEnd();
            throw new ModelLoadException($"{_source}, line {line}, column {column}: not valid JSON: {what}", e);
        }
    }

    private void CheckObject(ref Utf8JsonReader reader, Type type, string path)
    {
        var properties = _options.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            var field = Join(path, name);
            if (!properties.TryGetValue(name, out var property))
                throw Problem(ref reader, $"is not a card field{Suggest(name, properties.Keys, path)}", field);
            reader.Read();
            CheckValue(ref reader, property.PropertyType, field, property.IsSetNullable);
        }
    }

    private void CheckValue(ref Utf8JsonReader reader, Type type, string field, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (nullable || underlying is not null)
                return;
            throw Problem(ref reader, $"must be {Expected(type)} (got null)", field);
        }
        type = underlying ?? type;

        if (type == typeof(object) || type == typeof(JsonElement))
        {
            reader.Skip(); // free-form by design
        }
        else if (IsText(type))
        {
            Expect(ref reader, reader.TokenType == JsonTokenType.String, type, field);
        }
        else if (type == typeof(bool))
        {
            Expect(ref reader, reader.TokenType is JsonTokenType.True or JsonTokenType.False, type, field);
        }
        else if (IsWholeNumber(type))
        {
            Expect(ref reader, reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _), type, field);
        }
        else if (IsNumber(type))
        {
            Expect(ref reader, reader.TokenType == JsonTokenType.Number, type, field);
        }
        else if (type.IsEnum)
        {
            CheckEnum(ref reader, type, field);
        }
        else if (DictionaryValueType(type) is { } valueType)
        {
            Expect(ref reader, reader.TokenType == JsonTokenType.StartObject, type, field);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = Join(field, reader.GetString()!);
                reader.Read();
                CheckValue(ref reader, valueType, key, nullable: false);
            }
        }
        else if (ElementType(type) is { } elementType)
        {
            Expect(ref reader, reader.TokenType == JsonTokenType.StartArray, type, field);
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                CheckValue(ref reader, elementType, $"{field}[{index++}]", nullable: false);
        }
        else
        {
            Expect(ref reader, reader.TokenType == JsonTokenType.StartObject, type, field);
            CheckObject(ref reader, type, field);
        }
    }

    private void CheckEnum(ref Utf8JsonReader reader, Type type, string field)
    {
        var allowed = CardNames.AllOf(type);
        var list = string.Join(", ", allowed);
        if (reader.TokenType != JsonTokenType.String)
            throw Problem(ref reader, $"must be one of {list} (got {Found(ref reader)})", field);
        var value = reader.GetString()!;
        if (!allowed.Contains(value, StringComparer.Ordinal))
            throw Problem(ref reader, $"must be one of {list} (got \"{value}\"){Suggest(value, allowed, null)}", field);
    }

    private void Expect(ref Utf8JsonReader reader, bool ok, Type type, string field)
    {
        if (!ok)
            throw Problem(ref reader, $"must be {Expected(type)} (got {Found(ref reader)})", field);
    }

    private static bool IsText(Type type) =>
        type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static bool IsWholeNumber(Type type) => !type.IsEnum && Type.GetTypeCode(type) is
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;

    private static bool IsNumber(Type type) => Type.GetTypeCode(type) is TypeCode.Single or TypeCode.Double or TypeCode.Decimal;

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsText(type))
            return "text in quotes";
        if (type == typeof(bool))
            return "true or false";
        if (IsWholeNumber(type))
            return "a whole number";
        if (IsNumber(type))
            return "a number";
        if (type.IsEnum)
            return "one of " + string.Join(", ", CardNames.AllOf(type));
        if (DictionaryValueType(type) is { } value)
            return $"an object whose values are each {Expected(value)}";
        if (ElementType(type) is { } element)
            return $"a list ([ ... ]) of {Plural(element)}";
        return "an object ({ ... })";
    }

    private static string Plural(Type element) => Expected(element) switch
    {
        "text in quotes" => "texts in quotes",
        "a number" => "numbers",
        "a whole number" => "whole numbers",
        var other => other,
    };

    private static string Found(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the text \"{reader.GetString()}\"",
        JsonTokenType.Number => $"the number {Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString(),
    };

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && typeof(IEnumerable).IsAssignableFrom(type) ? value : null;

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        return type.IsGenericType && type.GetGenericArguments() is [var element] ? element : null;
    }

    /// <summary>" (did you mean 'padMode'?)" for a near miss; otherwise the fields that are known there.</summary>
    private static string Suggest(string name, IEnumerable<string> known, string? path)
    {
        var candidates = known.ToList();
        if (NearestName.Find(name, candidates) is { } best)
            return $"; did you mean '{(path is null ? best : Join(path, best))}'?";
        return path is null ? "" : $"; the fields {(path.Length == 0 ? "of the card" : $"in '{path}'")} are: {string.Join(", ", candidates)}";
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private ModelLoadException Problem(ref Utf8JsonReader reader, string problem, string? field)
    {
        var offset = (int)reader.TokenStartIndex;
        var line = 1 + _utf8.AsSpan(0, offset).Count((byte)'\n');
        var where = $"{_source}, line {line}";
        return new ModelLoadException(field is null ? $"{where}: {problem}" : $"{where}: field '{field}' {problem}");
    }
}
