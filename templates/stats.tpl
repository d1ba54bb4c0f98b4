{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Statistiques]]</h1>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/stats/" method="get" class="card filters">
<div class="field"><label for="du">[[Du (JJ/MM/AAAA)]]</label>{{#ERR_DU}}<p class="error">{{E_DU}}</p>{{/ERR_DU}}<input id="du" name="du" type="text" inputmode="numeric" maxlength="10" value="{{V_DU}}"></div>
<div class="field"><label for="au">[[Au (JJ/MM/AAAA, inclus)]]</label>{{#ERR_AU}}<p class="error">{{E_AU}}</p>{{/ERR_AU}}<input id="au" name="au" type="text" inputmode="numeric" maxlength="10" value="{{V_AU}}"></div>
{{#PLATFORM}}<div class="field"><label for="commune">[[Commune]]</label>
<select id="commune" name="commune"><option value="0">[[Toutes les communes]]</option>{{#COMMUNE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COMMUNE_OPTION}}</select></div>{{/PLATFORM}}
<div class="field"><label for="lieu">[[Lieu]]</label>
<select id="lieu" name="lieu"><option value="0">[[Tous les lieux]]</option>{{#SITE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/SITE_OPTION}}</select></div>
<div class="field"><label for="appareil">[[Appareil]]</label>
<select id="appareil" name="appareil"><option value="0">[[Tous les appareils]]</option>{{#DEVICE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/DEVICE_OPTION}}</select></div>
<div class="field"><label for="procedure">[[Démarche]]</label>
<select id="procedure" name="procedure"><option value="0">[[Toutes les démarches]]</option>{{#PROCEDURE_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PROCEDURE_OPTION}}</select></div>
<div class="field"><label for="canal">[[Canal]]</label>
{{#ERR_CANAL}}<p class="error">{{E_CANAL}}</p>{{/ERR_CANAL}}<select id="canal" name="canal"><option value="">[[Tous les canaux]]</option>{{#CHANNEL_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/CHANNEL_OPTION}}</select></div>
<p class="actions"><button type="submit" class="button">[[Afficher]]</button></p>
</form>
<p>[[Liste des rendez-vous de la période :]] <a href="{{EXPORT_BOOKINGS}}">[[CSV (virgule)]]</a> · <a href="{{EXPORT_BOOKINGS_SC}}">[[CSV (point-virgule, tableurs français)]]</a></p>
<nav aria-label="[[Sommaire des statistiques]]"><ul class="toc">{{#TABLE}}<li><a href="#{{KEY}}">{{TITLE}}</a></li>{{/TABLE}}</ul></nav>
{{#TABLE}}
<section class="figure" aria-labelledby="h-{{KEY}}" id="{{KEY}}">
<h2 id="h-{{KEY}}">{{TITLE}}</h2>
<div class="chart js-only" hidden data-chart="{{CHART}}" data-table="t-{{KEY}}"></div>
<div class="scroll" tabindex="0" role="region" aria-labelledby="c-{{KEY}}">
<table id="t-{{KEY}}">
<caption id="c-{{KEY}}">{{TITLE}}</caption>
<thead><tr>{{#COL}}<th scope="col">{{NAME}}</th>{{/COL}}</tr></thead>
<tbody>
{{#ROW}}<tr><th scope="row">{{HEAD}}</th>{{#CELL}}<td{{#NA}} data-na="1"{{/NA}}>{{V}}</td>{{/CELL}}</tr>
{{/ROW}}
</tbody>
</table>
</div>
{{#EMPTY}}<p>[[Aucune donnée sur la période.]]</p>{{/EMPTY}}
<p class="small">[[Exporter :]] <a href="{{CSV}}">[[CSV (virgule)]]</a> · <a href="{{CSV_SC}}">[[CSV (point-virgule)]]</a></p>
</section>
{{/TABLE}}
<script src="/static/vendor/chart.js/chart.min.js" defer></script>
<script src="/static/js/stats.js" defer></script>
{{>FOOTER}}
