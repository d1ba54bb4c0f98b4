// tpl_shim.cc — the one C++ file: wraps ctemplate for the C code (tpl.h).
#include <ctemplate/template.h>
#include <ctemplate/template_dictionary.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>

extern "C" {
#include "i18n.h"
#include "log.h"
#include "tpl.h"
}

using ctemplate::TemplateDictionary;

static TemplateDictionary *D(tpl_dict *d) { return reinterpret_cast<TemplateDictionary *>(d); }
static tpl_dict *T(TemplateDictionary *d) { return reinterpret_cast<tpl_dict *>(d); }

static std::string html_escape(const std::string &s)
{
	std::string o;
	for (char c : s) {
		switch (c) {
		case '&': o += "&amp;"; break;
		case '<': o += "&lt;"; break;
		case '>': o += "&gt;"; break;
		case '"': o += "&quot;"; break;
		case '\'': o += "&#39;"; break;
		default: o += c;
		}
	}
	return o;
}

// Replaces each [[msgid]] by its translation; HTML-escaped unless the
// template's context is TEXT or the file holds the comment
// "{{! plain text:" — ctemplate has no TEXT context, so the plain-text
// message templates (templates/msg_sms.tpl ...) use context="HTML" with
// every variable marked :none, and this marker.
static bool translate(const std::string &src, const char *lang, const std::string &file, std::string *out)
{
	bool html = src.find("context=\"TEXT\"") == std::string::npos &&
		src.find("{{! plain text:") == std::string::npos;
	size_t pos = 0;
	out->clear();
	while (true) {
		size_t a = src.find("[[", pos);
		if (a == std::string::npos) {
			out->append(src, pos, std::string::npos);
			return true;
		}
		size_t b = src.find("]]", a + 2);
		if (b == std::string::npos || src.find('\n', a) < b) {
			log_error("template %s: unclosed [[ at offset %zu", file.c_str(), a);
			return false;
		}
		out->append(src, pos, a - pos);
		std::string msgid = src.substr(a + 2, b - a - 2);
		std::string t = i18n_in(lang, msgid.c_str());
		out->append(html ? html_escape(t) : t);
		pos = b + 2;
	}
}

extern "C" bool tpl_init(const char *dir, const char *const *langs)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		log_error("cannot open templates dir %s", dir);
		return false;
	}
	bool ok = true;
	while (struct dirent *e = readdir(dh)) {
		std::string name = e->d_name;
		if (name.size() < 5 || name.compare(name.size() - 4, 4, ".tpl") != 0)
			continue;
		std::ifstream f(std::string(dir) + "/" + name);
		std::stringstream ss;
		ss << f.rdbuf();
		std::string src = ss.str();
		std::string base = name.substr(0, name.size() - 4);
		for (const char *const *l = langs; *l; l++) {
			std::string text;
			if (!translate(src, *l, name, &text)) {
				ok = false;
				continue;
			}
			std::string key = std::string(*l) + "/" + base;
			if (!ctemplate::StringToTemplateCache(key, text, ctemplate::STRIP_BLANK_LINES)) {
				log_error("template %s does not parse", name.c_str());
				ok = false;
			}
		}
	}
	closedir(dh);
	return ok;
}

extern "C" tpl_dict *tpl_new(void)
{
	return T(new TemplateDictionary("page"));
}

extern "C" void tpl_free(tpl_dict *d)
{
	delete D(d);
}

extern "C" void tpl_set(tpl_dict *d, const char *key, const char *val)
{
	D(d)->SetValue(key, val ? val : "");
}

extern "C" void tpl_setf(tpl_dict *d, const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	D(d)->SetValue(key, buf);
}

extern "C" void tpl_set_int(tpl_dict *d, const char *key, long long v)
{
	D(d)->SetValue(key, std::to_string(v));
}

extern "C" void tpl_global(tpl_dict *d, const char *key, const char *val)
{
	D(d)->SetTemplateGlobalValue(key, val ? val : "");
}

extern "C" tpl_dict *tpl_section(tpl_dict *d, const char *name)
{
	return T(D(d)->AddSectionDictionary(name));
}

extern "C" void tpl_show(tpl_dict *d, const char *name)
{
	D(d)->ShowSection(name);
}

extern "C" tpl_dict *tpl_include(tpl_dict *d, const char *name, const char *tpl, const char *lang)
{
	TemplateDictionary *inc = D(d)->AddIncludeDictionary(name);
	inc->SetFilename(std::string(lang) + "/" + tpl);
	return T(inc);
}

extern "C" bool tpl_expand(const char *name, const char *lang, tpl_dict *d, struct sbuf *out)
{
	std::string s;
	std::string key = std::string(lang) + "/" + name;
	if (!ctemplate::ExpandTemplate(key, ctemplate::STRIP_BLANK_LINES, D(d), &s)) {
		log_error("template %s failed to expand", key.c_str());
		return false;
	}
	sbuf_add(out, s.data(), s.size());
	return true;
}
